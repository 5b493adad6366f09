import './phone.css';
import { type FormEvent, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { hasSoftphone, SIP_LOGIN } from '../../../shared/telephony/softphone-settings.ts';
import type { Workspace } from '../../app/session-store.ts';
import { type MessageKey, useT } from '../../i18n/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import { type AudioChoice, audioChoice, saveAudioChoice, usePhoneStore } from './softphone.ts';
import { callsFromDesk, usePhoneConnection, usePhoneLogin } from './use-phone.ts';

/** The audio devices the browser names (names appear once the microphone was allowed). */
function useAudioDevices(open: boolean): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    if (!open || !navigator.mediaDevices?.enumerateDevices) return;
    let live = true;
    void navigator.mediaDevices
      .enumerateDevices()
      .then((all) => live && setDevices(all.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [open]);
  return devices;
}

function PhoneDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const { credentials, persists, save } = usePhoneLogin();
  const problem = usePhoneStore((s) => s.problem);
  const registration = usePhoneStore((s) => s.registration);
  const [login, setLogin] = useState(credentials?.login ?? '');
  const [password, setPassword] = useState(credentials?.password ?? '');
  const [error, setError] = useState('');
  const [choice, setChoice] = useState<AudioChoice>(audioChoice);
  const devices = useAudioDevices(true);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!SIP_LOGIN.test(login)) {
      setError(t('phone.badLogin'));
      return;
    }
    await save({ login, password });
    onClose();
  };
  const pickDevice = (patch: Partial<AudioChoice>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    saveAudioChoice(next);
  };
  const deviceSelect = (kind: 'audioinput' | 'audiooutput', label: MessageKey, field: keyof AudioChoice) => (
    <label className="field">
      <span>{t(label)}</span>
      <select value={choice[field]} onChange={(e) => pickDevice({ [field]: e.target.value })}>
        <option value="">{t('phone.defaultDevice')}</option>
        {devices
          .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default')
          .map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || d.deviceId.slice(0, 8)}
            </option>
          ))}
      </select>
    </label>
  );

  return (
    <div className="palette__backdrop" onClick={onClose}>
      <form
        className="palette phone-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('phone.title')}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={(e) => void submit(e)}
      >
        <h2>{t('phone.title')}</h2>
        <p className={`phone-state phone-state--${credentials ? registration : 'noLogin'}`}>
          <span className="phone-state__dot" aria-hidden="true" />
          {t(`phone.state.${credentials ? registration : 'noLogin'}`)}
        </p>
        {problem && (
          <p className="banner banner--error" role="alert">
            {t('phone.problem', { problem })}
          </p>
        )}
        <label className="field">
          <span>{t('phone.login')}</span>
          <input
            value={login}
            onChange={(e) => setLogin(e.target.value.trim())}
            autoComplete="username"
            aria-invalid={error ? true : undefined}
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t('phone.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        {error && (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        )}
        <p className="muted">{t(persists ? 'phone.keptEncrypted' : 'phone.keptSession')}</p>
        {deviceSelect('audioinput', 'phone.input', 'input')}
        {deviceSelect('audiooutput', 'phone.output', 'output')}
        <div className="phone-dialog__actions">
          <button className="button button--primary" type="submit">
            {t('phone.connect')}
          </button>
          {credentials && (
            <button
              className="button"
              type="button"
              onClick={() => {
                void save(null);
                onClose();
              }}
            >
              {t('phone.forget')}
            </button>
          )}
          <button className="button" type="button" onClick={onClose}>
            {t('phone.close')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The softphone's registration in the top bar; opens its login and devices. */
export function PhoneStatus({ workspace }: { workspace: Workspace }) {
  const t = useT();
  usePhoneConnection(workspace);
  const telephony = useSettings(workspace.db).telephony;
  const registration = usePhoneStore((s) => s.registration);
  const { loaded, credentials } = usePhoneLogin();
  const [open, setOpen] = useState(false);
  if (!callsFromDesk(workspace.user.role) || !hasSoftphone(telephony) || !loaded) return null;
  const state = credentials ? registration : 'noLogin';
  return (
    <>
      <button
        type="button"
        className={`button button--ghost phone-state phone-state--${state}`}
        onClick={() => setOpen(true)}
      >
        <span className="phone-state__dot" aria-hidden="true" />
        {t(`phone.state.${state}`)}
      </button>
      {/* Outside the top bar, whose styles are not the dialog's. */}
      {open && createPortal(<PhoneDialog onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
