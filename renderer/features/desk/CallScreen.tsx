import { useEffect, useState } from 'react';
import { dialUri } from '../../../shared/calling/phone.ts';
import { readRule } from '../../../shared/security/policy.ts';
import { tomorrowIn } from '../../../shared/calling/callbacks.ts';
import { uuidv7 } from '../../../shared/core/ids.ts';
import { defaultSettings } from '../../../shared/calling/defaults.ts';
import { applyOutcome, type OutcomeForm, requestFormFromRun } from '../../../shared/calling/outcomes.ts';
import { prospectZone } from '../../../shared/calling/queue.ts';
import { answerOf, type ScriptRun } from '../../../shared/call-scripts/script-runner.ts';
import type { Callback, CallList, CallOutcome, Prospect, Script, Settings } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useT } from '../../i18n/index.ts';
import { useProspect } from '../prospects/use-prospects.ts';
import { type ActiveCall, useDeskStore } from './active-call-store.ts';
import { loadSettings, type NextCall, takeNextCall } from './next-call.ts';
import { emptyForm } from './outcome-kinds.ts';
import { answerNumber, ariaKeys, hint, matches, OUTCOME_SHORTCUTS } from '../../ui/shortcuts.ts';
import { OutcomePanel } from './OutcomePanel.tsx';
import { saveOutcome } from './save-outcome.ts';
import { ProspectCard } from './ProspectCard.tsx';
import { ScriptPanel } from './ScriptPanel.tsx';
import { PhonePanel } from './PhonePanel.tsx';
import { dialFromDesk } from './desk-phone.ts';
import { clearCall, hangUpAndWait } from '../phone/softphone.ts';
import { suggestedOutcome } from '../../../shared/telephony/call-events.ts';
import { hasSoftphone } from '../../../shared/telephony/softphone-settings.ts';

interface Props {
  workspace: Workspace;
  call: ActiveCall;
  /** `next`: with "Save and next call", the call taken meanwhile (null: none now, an Error: it failed). */
  onFinished(outcome: CallOutcome, prospect: Prospect, next?: NextCall | Error): void;
  /** Progressive dialing's "skip": this prospect is left (its claim released) for the next one. */
  onSkip(prospect: Prospect): void;
}

function formFor(kind: CallOutcome, run: ScriptRun | null, prospect: Prospect, now: number): OutcomeForm {
  const contact = prospect.contacts[0];
  switch (kind) {
    case 'request':
      return requestFormFromRun(run, contact ? `${contact.name} ${contact.phone}`.trim() : prospect.phone);
    case 'future_need':
      return {
        kind,
        period: '',
        precision: 'month',
        confidence: 50,
        trigger: run ? answerOf(run, 'trigger') : '',
        description: run ? answerOf(run, 'futureNeed') || answerOf(run, 'need') : '',
      };
    case 'callback':
      return { kind, date: tomorrowIn(prospectZone(prospect), now), time: '10:00' };
    default:
      return emptyForm(kind);
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function CallScreen({ workspace, call, onFinished, onSkip }: Props) {
  const t = useT();
  const { db, repo, user } = workspace;
  const update = useDeskStore((s) => s.update);
  const finish = useDeskStore((s) => s.finish);
  const prospect = useProspect(db, call.prospectId);
  const [script, setScript] = useState<Script | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [seconds, setSeconds] = useState(() => Math.floor((Date.now() - call.startedAt) / 1000));

  useEffect(() => {
    let live = true;
    void Promise.all([call.scriptDocId ? db.scripts.findOne(call.scriptDocId).exec() : null, loadSettings(db)]).then(
      ([doc, s]) => {
        if (!live) return;
        setScript(doc ? (doc.toJSON() as Script) : null);
        setSettings(s);
      },
    );
    return () => {
      live = false;
    };
  }, [db, call.scriptDocId]);

  useEffect(() => {
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - call.startedAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [call.startedAt]);

  const pick = (kind: CallOutcome) => {
    if (!prospect) return;
    setErrors({});
    update({ form: formFor(kind, call.run, prospect, Date.now()) });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey) {
        // Alt works while typing notes; the physical key counts, so the Russian layout works too.
        const hit = OUTCOME_SHORTCUTS.find((o) => matches(e, o.shortcut));
        if (hit) {
          e.preventDefault();
          pick(hit.kind);
        }
        return;
      }
      if (isTyping(e.target) || call.form || !script || !call.run) return;
      const node = script.nodes.find((n) => n.id === call.run?.nodeId);
      if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
        const proceedButton = document.querySelector<HTMLButtonElement>('.script__continue');
        if (proceedButton) {
          e.preventDefault();
          proceedButton.click();
        }
        return;
      }
      const digit = answerNumber(e);
      if (node && digit !== null && digit <= node.options.length) {
        e.preventDefault();
        document.querySelectorAll<HTMLButtonElement>('.script__option')[digit - 1]?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  async function save(andNext = false) {
    if (!prospect || !call.form || !settings) return;
    // A call still up is hung up first: its end belongs to the call being saved.
    await hangUpAndWait();
    const dialEvents = useDeskStore.getState().call?.dial;
    const now = Date.now();
    const [listDoc, callbackDoc] = await Promise.all([
      call.listId ? db.callLists.findOne(call.listId).exec() : null,
      call.callbackId ? db.callbacks.findOne(call.callbackId).exec() : null,
    ]);
    const result = applyOutcome(call.form, {
      now,
      operatorId: user.id,
      prospect,
      list: listDoc ? (listDoc.toJSON() as CallList) : null,
      callback: callbackDoc ? (callbackDoc.toJSON() as Callback) : null,
      run: call.run,
      startedAt: call.startedAt,
      notes: call.notes,
      settings,
      newId: () => uuidv7(),
      mayAllowOutsideHours: user.role === 'supervisor',
      ...(dialEvents?.dialledAt ? { dial: dialEvents } : {}),
    });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setSaving(true);
    try {
      // "Save and next call": the next prospect is taken (this one left out) while the outcome is written.
      const taking = andNext
        ? takeNextCall({
            source: workspace.queue,
            repo,
            queue: getBridge().queue,
            operatorId: user.id,
            skip: new Set([prospect.id]),
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
        : null;
      await saveOutcome(repo, result.writes);
      const next = taking ? await taking : undefined;
      clearCall();
      finish();
      onFinished(result.writes.call.outcome, result.writes.prospect, next);
    } finally {
      setSaving(false);
    }
  }

  if (!prospect) return <p className="muted">{t('app.loading')}</p>;
  const values = {
    operator: user.name.split(' ')[0] ?? user.name,
    contact: prospect.contacts[0]?.name.split(' ')[0] ?? '',
    company: prospect.name,
  };
  const softphone = settings !== null && hasSoftphone(settings.telephony);
  const dial = (phone: string, ext: string) => {
    // With the desk's softphone the app dials (the extension goes as tones from the keypad).
    if (softphone) dialFromDesk(phone, settings.telephony);
    else void getBridge().shell.openExternal(dialUri(settings?.dialScheme ?? 'tel', phone, ext));
  };
  // The network's answer first (486 → Busy), else the script's end.
  const suggested =
    (call.dial ? suggestedOutcome(call.dial) : null) ??
    (script && call.run ? script.nodes.find((n) => n.id === call.run?.nodeId)?.outcome : '');

  return (
    <div className="callscreen">
      <ProspectCard db={db} prospect={prospect} onDial={dial} ownCallsOnly={readRule('calls', user.role) === 'own'} />
      <div className="callscreen__middle">
        {script && call.run ? (
          <ScriptPanel script={script} run={call.run} values={values} onRun={(run) => update({ run })} />
        ) : (
          <p className="muted">{t('call.noScript')}</p>
        )}
        <label className="field">
          <span>{t('call.notes')}</span>
          <textarea rows={4} value={call.notes} onChange={(e) => update({ notes: e.target.value })} />
        </label>
      </div>
      <aside className="callscreen__side" aria-label={t('call.wrapUp')}>
        {softphone ? (
          <PhonePanel
            call={call}
            prospect={prospect}
            settings={settings}
            onSkip={() => onSkip(prospect)}
            onUpdate={update}
          />
        ) : (
          <p className="timer" role="timer" aria-label={t('call.timer')}>
            {String(Math.floor(seconds / 60)).padStart(2, '0')}:{String(seconds % 60).padStart(2, '0')}
          </p>
        )}
        {call.form ? (
          <OutcomePanel
            key={call.form.kind}
            form={call.form}
            zone={prospectZone(prospect)}
            hours={(settings ?? defaultSettings(0)).callingHours}
            mayAllowOutsideHours={user.role === 'supervisor'}
            errors={errors}
            saving={saving}
            onChange={(form) => update({ form })}
            onSave={() => void save()}
            onSaveNext={() => void save(true)}
            onBack={() => update({ form: null })}
          />
        ) : (
          <div className="outcomes" role="group" aria-label={t('call.outcomes')}>
            {OUTCOME_SHORTCUTS.map((o) => (
              <button
                key={o.kind}
                type="button"
                className={`button outcomes__btn${suggested === o.kind ? ' outcomes__btn--suggested' : ''}`}
                aria-keyshortcuts={ariaKeys(o.shortcut)}
                onClick={() => pick(o.kind)}
              >
                {t(`outcome.${o.kind}`)} <kbd>{hint(o.shortcut)}</kbd>
              </button>
            ))}
          </div>
        )}
      </aside>
    </div>
  );
}
