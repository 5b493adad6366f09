import { type FormEvent, useState } from 'react';
import type { ServerAddressState, ServerTest } from '../../../shared/sync/ipc.ts';
import { getServerSetup } from '../../bridge/index.ts';
import { useT } from '../../i18n/index.ts';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';

/**
 * The server's address: asked on the desktop app's first run (and by the web target hosted apart
 * from its server), shown and changed by an admin in the desktop app's settings. The address is tested before it is kept: a Leadline server must answer there, named with
 * its version; the app then restarts on it. An address IT locked is shown, not editable.
 */
export function ServerSetup({ state, firstRun }: { state: ServerAddressState; firstRun: boolean }) {
  const t = useT();
  const setup = getServerSetup();
  const [address, setAddress] = useState(state.url ?? '');
  const [result, setResult] = useState<ServerTest | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [saved, setSaved] = useState(false);

  async function run(kind: 'test' | 'save') {
    setBusy(kind);
    setResult(null);
    try {
      const answer = await (kind === 'test' ? setup.testServer(address) : setup.setServer(address));
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
      {firstRun && (
        <div className="page__head">
          <h1>{t('server.title')}</h1>
          <LanguageSwitch />
        </div>
      )}
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
            {t(`server.problem.${result.problem}`, {
              origin: globalThis.location.origin,
              detail: 'detail' in result ? result.detail : '',
            })}
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
