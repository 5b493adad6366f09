import type { ReactNode } from 'react';
import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import { getBridge } from '../bridge/index.ts';
import { useT } from '../i18n/index.ts';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';
import { useSessionStore, type Workspace } from './session-store.ts';

export function Shell({ workspace, children }: { workspace: Workspace; children: ReactNode }) {
  const t = useT();
  const signOut = useSessionStore((s) => s.signOut);
  const { user } = workspace;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        {getBridge().kind === 'web' && <span className="tag">{t('app.webTarget')}</span>}
        <nav aria-label={t('nav.main')} className="nav">
          <a href="#prospects" className="nav__item nav__item--active" aria-current="page">
            {t('nav.prospects')}
          </a>
        </nav>
        <div className="topbar__right">
          <SyncIndicator workspace={workspace} />
          <LanguageSwitch />
          <span className="user">
            {user.name} · {t(`role.${user.role}`)}
          </span>
          <button className="button" type="button" onClick={() => void signOut()}>
            {t('auth.logout')}
          </button>
        </div>
      </header>
      {workspace.offlineSignIn && <p className="banner banner--info">{t('auth.offlineNotice')}</p>}
      {children}
    </div>
  );
}
