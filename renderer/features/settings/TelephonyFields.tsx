import { useState } from 'react';
import { dialString } from '../../../shared/telephony/dial-plan.ts';
import type { IceServer, TelephonySettings } from '../../../shared/telephony/softphone-settings.ts';
import { useT } from '../../i18n/index.ts';

/** STUN/TURN servers as an admin types them: one per line, `address [user password]`. */
export function parseIceServers(text: string): IceServer[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts[0])
    .map(([urls = '', username = '', credential = '']) => ({ urls, username, credential }));
}

export function formatIceServers(servers: IceServer[]): string {
  return servers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n');
}

interface Props {
  value: TelephonySettings;
  onChange(value: TelephonySettings): void;
  /** The connection to the PBX is an admin's; everyone else sees it. */
  readOnly: boolean;
}

/** The PBX connection, the dial plan and the recording link, with an example of the plan at work. */
export function TelephonyFields({ value, onChange, readOnly }: Props) {
  const t = useT();
  const [ice, setIce] = useState(() => formatIceServers(value.iceServers));
  const set = (patch: Partial<TelephonySettings>) => onChange({ ...value, ...patch });
  const plan = (patch: Partial<TelephonySettings['dialPlan']>) => set({ dialPlan: { ...value.dialPlan, ...patch } });
  const example = dialString('+74951110001', value.dialPlan);
  const text = (label: Parameters<typeof t>[0], field: 'wsUrl' | 'domain' | 'recordingTemplate', hint = '') => (
    <label className="field field--wide">
      <span>{t(label)}</span>
      <input value={value[field]} placeholder={hint} onChange={(e) => set({ [field]: e.target.value.trim() })} />
    </label>
  );
  const prefix = (label: Parameters<typeof t>[0], field: Exclude<keyof TelephonySettings['dialPlan'], 'keepPlus'>) => (
    <label className="field">
      <span>{t(label)}</span>
      <input
        value={value.dialPlan[field]}
        inputMode="numeric"
        disabled={field !== 'outsidePrefix' && value.dialPlan.keepPlus}
        onChange={(e) => plan({ [field]: e.target.value.trim() })}
      />
    </label>
  );
  return (
    <fieldset disabled={readOnly} aria-describedby={readOnly ? 'telephony-admin-only' : undefined}>
      <legend>{t('settings.telephony')}</legend>
      {readOnly && (
        <p className="muted field--wide" id="telephony-admin-only">
          {t('settings.telephonyAdminOnly')}
        </p>
      )}
      {text('settings.wsUrl', 'wsUrl', 'wss://pbx.example.com:8089/ws')}
      {text('settings.sipDomain', 'domain', 'pbx.example.com')}
      <label className="field field--wide">
        <span>{t('settings.iceServers')}</span>
        <textarea
          rows={2}
          value={ice}
          placeholder="stun:stun.example.com:3478"
          onChange={(e) => {
            setIce(e.target.value);
            set({ iceServers: parseIceServers(e.target.value) });
          }}
        />
      </label>
      <label className="field field--wide">
        <span>
          <input
            type="checkbox"
            checked={value.dialPlan.keepPlus}
            onChange={(e) => plan({ keepPlus: e.target.checked })}
          />{' '}
          {t('settings.keepPlus')}
        </span>
      </label>
      {prefix('settings.outsidePrefix', 'outsidePrefix')}
      {prefix('settings.homeCountryCode', 'homeCountryCode')}
      {prefix('settings.nationalPrefix', 'nationalPrefix')}
      {prefix('settings.internationalPrefix', 'internationalPrefix')}
      <p className="muted field--wide">
        {example.ok ? t('settings.dialExample', { dial: example.dial }) : example.problem}
      </p>
      {text('settings.recordingTemplate', 'recordingTemplate', 'https://pbx.example.com/rec/{callId}.mp3')}
      <label className="field">
        <span>{t('settings.ringSeconds')}</span>
        <input
          type="number"
          min={10}
          max={120}
          value={value.ringSeconds}
          onChange={(e) => set({ ringSeconds: Number(e.target.value) })}
        />
      </label>
    </fieldset>
  );
}
