import { useEffect, useRef, useState } from 'react';
import { inHours } from '../../../shared/calling/calling-hours.ts';
import { prospectZone } from '../../../shared/calling/queue.ts';
import type { Prospect, Settings } from '../../../shared/core/types.ts';
import { suggestedOutcome } from '../../../shared/telephony/call-events.ts';
import { useT } from '../../i18n/index.ts';
import { ariaKeys, hint, matches, SHORTCUTS, type Shortcut } from '../../ui/shortcuts.ts';
import { causeText } from '../phone/cause-text.ts';
import { clockSeconds } from '../phone/phone-call.ts';
import { hangUp, sendDtmf, toggleHold, toggleMute, usePhoneStore } from '../phone/softphone.ts';
import type { ActiveCall } from './active-call-store.ts';
import { type AutoDial, autoDialStep, dialFromDesk, useAutoDialPause } from './desk-phone.ts';

interface Props {
  call: ActiveCall;
  prospect: Prospect;
  settings: Settings;
  /** Leaves this prospect (its claim released) for the next one. */
  onSkip(): void;
  onUpdate(patch: Partial<ActiveCall>): void;
}

const clock = (seconds: number) =>
  `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * The tone a key stands for: digits and `*` as typed; `#` also as `№`, which Shift+3 types in the
 * Russian layout (where `#` has no key); the numeric keypad by its keys.
 */
function toneOf(e: KeyboardEvent): string | null {
  if (/^[\d*#]$/.test(e.key)) return e.key;
  if (e.key === '№') return '#';
  if (e.code === 'NumpadMultiply') return '*';
  const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
  return m && !e.shiftKey ? m[1]! : null;
}

/** The softphone on the call screen: what the network says, the controls, progressive dialing. */
export function PhonePanel({ call, prospect, settings, onSkip, onUpdate }: Props) {
  const t = useT();
  const telephony = settings.telephony;
  const registration = usePhoneStore((s) => s.registration);
  const phoneCall = usePhoneStore((s) => s.call);
  const level = usePhoneStore((s) => s.remoteLevel);
  const { paused, toggle: togglePause } = useAutoDialPause();
  const [now, setNow] = useState(() => Date.now());
  const [keypad, setKeypad] = useState(false);
  const [problem, setProblem] = useState('');
  const dial = call.dial;
  const live = phoneCall !== null && phoneCall.status !== 'ended';
  const status = live ? phoneCall.status : dial?.dialledAt ? 'ended' : 'idle';

  // Each tick moves the clock and lets progressive dialing look at the time (`tick` sees this render).
  const tick = useRef<(at: number) => void>(() => undefined);
  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      tick.current(at);
    }, 250);
    return () => clearInterval(timer);
  }, []);

  const place = () => {
    if (live) return;
    setProblem('');
    const placed = dialFromDesk(prospect.phone, telephony);
    if (!placed.ok)
      setProblem(
        placed.problem === 'not ready' ? t('phone.status.notReady') : t('phone.badNumber', { problem: placed.problem }),
      );
  };

  // Progressive dialing: the call dials by itself when its time comes, inside the calling hours only.
  const auto: AutoDial = {
    autoDialAt: call.autoDialAt ?? 0,
    dialled: Boolean(dial?.dialledAt),
    paused,
    ready: registration === 'registered',
    live,
    inHours: (at) => inHours(at, prospectZone(prospect), settings.callingHours),
  };
  useEffect(() => {
    tick.current = (at) => {
      const next = autoDialStep(at, auto);
      if (next.step === 'dial') place();
      else if (next.step === 'outside_hours') {
        onUpdate({ autoDialAt: 0 });
        setProblem(t('autodial.outsideHours'));
      }
    };
  });

  useEffect(() => {
    const actions: [Shortcut, () => void][] = [
      [SHORTCUTS.dial, place],
      [SHORTCUTS.hangUp, hangUp],
      [SHORTCUTS.mute, toggleMute],
      [SHORTCUTS.hold, toggleHold],
      [SHORTCUTS.keypad, () => setKeypad((k) => !k)],
      [SHORTCUTS.autoPause, togglePause],
      // Skip is for a prospect not dialled yet: a call that was placed gets its outcome.
      [SHORTCUTS.autoSkip, () => !dial?.dialledAt && onSkip()],
    ];
    const onKey = (e: KeyboardEvent) => {
      const hit = actions.find(([s]) => matches(e, s));
      if (hit) {
        e.preventDefault();
        e.stopPropagation();
        hit[1]();
        return;
      }
      if (!keypad) return;
      if (e.code === 'Escape') {
        setKeypad(false);
        return;
      }
      const tone = toneOf(e);
      if (tone && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // The keypad takes the digits while it is open (the script's answer keys wait).
        e.preventDefault();
        e.stopPropagation();
        sendDtmf(tone);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  });

  const button = (shortcut: Shortcut, label: string, onClick: () => void, disabled = false, pressed?: boolean) => (
    <button
      type="button"
      className={`button phone__btn${pressed ? ' phone__btn--on' : ''}`}
      aria-keyshortcuts={ariaKeys(shortcut)}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      {label} <kbd>{hint(shortcut)}</kbd>
    </button>
  );

  const seconds = dial?.dialledAt ? clockSeconds(dial, now) : 0;
  const suggestion = dial ? suggestedOutcome(dial) : null;
  const waiting = autoDialStep(now, auto);
  const countdown = waiting.step === 'wait' ? waiting.seconds : 0;
  const statusText =
    status === 'dialling'
      ? t('phone.status.dialling', { number: dial?.number ?? '' })
      : status === 'ended'
        ? t('phone.status.ended', { cause: dial?.cause ? causeText(t, dial.cause) : String(dial?.sipCode ?? '') })
        : t(`phone.status.${status}`);

  return (
    <section className={`phone phone--${status}`} aria-label={t('phone.title')}>
      <p className="phone__status" role="status">
        <span>{statusText}</span>
        {dial?.dialledAt ? (
          <span className="phone__clock" role="timer" aria-label={t('call.timer')}>
            {clock(seconds)}
          </span>
        ) : null}
      </p>
      {live && status === 'talking' && (
        <meter
          className="phone__level"
          min={0}
          max={1}
          value={level}
          aria-label={t('phone.level')}
          aria-valuenow={level}
          data-level={level}
        />
      )}
      {phoneCall?.muted && <p className="phone__flag">{t('phone.muted')}</p>}
      {phoneCall?.held && <p className="phone__flag">{t('phone.held')}</p>}
      {countdown > 0 && <p className="banner banner--info">{t('autodial.countdown', { seconds: countdown })}</p>}
      {paused && !dial?.dialledAt && <p className="muted">{t('autodial.paused')}</p>}
      {suggestion && !live && (
        <p className="phone__suggestion">
          {t('phone.suggested', {
            cause: causeText(t, dial?.cause ?? ''),
            code: dial?.sipCode ?? 0,
            outcome: t(`outcome.${suggestion}`),
          })}
        </p>
      )}
      {problem && (
        <p className="banner banner--error" role="alert">
          {problem}
        </p>
      )}
      <div className="phone__controls" role="group" aria-label={t('phone.title')}>
        {live
          ? button(SHORTCUTS.hangUp, t('phone.hangUp'), hangUp)
          : button(SHORTCUTS.dial, t(dial?.dialledAt ? 'phone.redial' : 'phone.dial'), place)}
        {button(
          SHORTCUTS.mute,
          t(phoneCall?.muted ? 'phone.unmute' : 'phone.mute'),
          toggleMute,
          status !== 'talking',
          phoneCall?.muted,
        )}
        {button(
          SHORTCUTS.hold,
          t(phoneCall?.held ? 'phone.unhold' : 'phone.hold'),
          toggleHold,
          status !== 'talking',
          phoneCall?.held,
        )}
        {button(SHORTCUTS.keypad, t('phone.keypad'), () => setKeypad((k) => !k), status !== 'talking', keypad)}
        {!dial?.dialledAt &&
          button(SHORTCUTS.autoPause, t(paused ? 'autodial.resume' : 'autodial.pause'), togglePause, false, paused)}
        {!dial?.dialledAt && button(SHORTCUTS.autoSkip, t('autodial.skip'), onSkip)}
      </div>
      {keypad && status === 'talking' && (
        <div className="phone__keypad" role="group" aria-label={t('phone.keypadHint')}>
          {KEYPAD.map((tone) => (
            <button key={tone} type="button" className="button" onClick={() => sendDtmf(tone)}>
              {tone}
            </button>
          ))}
          {prospect.phoneExt && (
            <button type="button" className="button phone__ext" onClick={() => sendDtmf(prospect.phoneExt)}>
              {t('phone.sendExt', { ext: prospect.phoneExt })}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
