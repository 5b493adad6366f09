import { type FormEvent, useEffect, useState } from 'react';
import { getBridge, getServerSetup } from '../../bridge/index.ts';
import { useSessionStore } from '../../app/session-store.ts';
import { useT } from '../../i18n/index.ts';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';

export function LoginScreen() {
  const t = useT();
  const { notice, error: openError, open } = useSessionStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // The desktop app says which server it signs in to (an admin changes it in the settings).
  const [server, setServer] = useState<string | null>(null);
  const [kept, setKept] = useState(true);
  useEffect(() => {
    // The server is named when it is not the page's own (the desktop app, a web target hosted apart).
    void getServerSetup()
      .serverAddress()
      .then((s) => setServer(s.url && s.url !== globalThis.location.origin ? s.url : null));
    void getBridge()
      .desktop?.about()
      .then((a) => setKept(a.keepsSignIn));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('auth.error.invalid'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const result = await getBridge().auth.login({ username: username.trim(), password });
      if (result.ok) await open(result.user, result.offline);
      else setError(t(`auth.error.${result.code}`));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
        <div className="login__top">
          <h1 id="login-title">{t('auth.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('auth.subtitle')}</p>
        {notice && <p className="banner banner--info">{t('auth.signedOut', { reason: notice })}</p>}
        {(error || openError) && (
          <p className="banner banner--error" role="alert">
            {error || openError}
          </p>
        )}
        <label className="field">
          <span>{t('auth.username')}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.submit')}
        </button>
        {server && (
          <p className="muted">
            {t('server.current')}: {server}
          </p>
        )}
        {!kept && (
          <p className="banner banner--info" role="note">
            {t('auth.sessionOnly')}
          </p>
        )}
      </form>
    </main>
  );
}
