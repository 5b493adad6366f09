import { type FormEvent, useState } from 'react';
import type { ServerAddressState, ServerTest } from '../../../shared/sync/ipc.ts';
import { getBridge } from '../../bridge/index.ts';
import { useT } from '../../i18n/index.ts';

/**
 * The desktop app's server address: asked on the first run, shown (and changed by an admin) in the
 * settings. The address is tested before it is kept: a Leadline server must answer there, named with
 * its version; the app then restarts on it. An address IT locked is shown, not editable.
 */
export function ServerSetup({ state, firstRun }: { state: ServerAddressState; firstRun: boolean }) {
  const t = useT();
  const desktop = getBridge().desktop;
  const [address, setAddress] = useState(state.url ?? '');
  const [result, setResult] = useState<ServerTest | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [saved, setSaved] = useState(false);
  if (!desktop) return null;

  async function run(kind: 'test' | 'save') {
    setBusy(kind);
    setResult(null);
    try {
      const answer = await (kind === 'test' ? desktop!.testServer(address) : desktop!.setServer(address));
      setResult(answer);
      if (kind === 'save' && answer.ok) setSaved(true);
    } finally {
      setBusy(null);
    }
  }

  if (state.locked) {
    return (
      <p>
        {t('server.current')}: <strong>{state.url}</strong> <span className="muted">· {t('server.locked')}</span>
      </p>
    );
  }
  return (
    <form
      className="server-setup"
      aria-label={t('server.title')}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void run('save');
      }}
    >
      {firstRun && <h1>{t('server.title')}</h1>}
      <p className="muted">{t('server.hint')}</p>
      <label className="field">
        <span>{t('server.address')}</span>
        <input
          value={address}
          onChange={(e) => {
            setAddress(e.target.value);
            setResult(null);
          }}
          placeholder="leadline.company.ru"
          autoFocus={firstRun}
          spellCheck={false}
          autoComplete="url"
          inputMode="url"
          disabled={saved}
        />
      </label>
      {result &&
        (result.ok ? (
          <p className="banner banner--ok" role="status">
            {saved
              ? t('server.restarting', { url: result.url })
              : t('server.found', { name: result.name || result.url, version: result.version })}
          </p>
        ) : (
          <p className="banner banner--error" role="alert">
            {t(`server.problem.${result.problem}`)}
          </p>
        ))}
      <div className="inline-form">
        <button type="button" className="button" disabled={busy !== null || saved} onClick={() => void run('test')}>
          {busy === 'test' ? t('server.testing') : t('server.test')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy !== null || saved}>
          {t('server.save')}
        </button>
      </div>
    </form>
  );
}
