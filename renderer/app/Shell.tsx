import { type ReactNode, useEffect } from 'react';
import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import { PhoneStatus } from '../features/phone/PhoneStatus.tsx';
import { RefusalBanner } from '../features/sync/RefusalBanner.tsx';
import { getBridge } from '../bridge/index.ts';
import { useT } from '../i18n/index.ts';
import { CommandPalette } from '../ui/CommandPalette.tsx';
import { ShortcutHelp, useShortcutHelpStore } from '../ui/ShortcutHelp.tsx';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';
import { useCurrentView, useNavStore, viewsFor } from './nav-store.ts';
import { formatRoute } from './routes.ts';
import { useCallbackReminders } from '../features/callbacks/use-reminders.ts';
import { useDesktopTray } from '../features/desktop/use-desktop.ts';
import { UpdateBanner } from '../features/desktop/UpdateBanner.tsx';
import { useRequestAlerts } from '../features/requests/use-request-alerts.ts';
import { usePresenceReporter } from '../features/floor/use-presence.ts';
import { useSessionStore, type Workspace } from './session-store.ts';
import { useSettings } from '../features/requests/use-requests.ts';
import { DEFAULT_ZONE, isValidZone } from '../../shared/calling/zones.ts';

/** Settings every screen depends on, checked once: a bad value is named, not a blank screen. */
function SettingsWarning({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const zone = useSettings(workspace.db).workingHours?.timeZone;
  if (isValidZone(zone)) return null;
  return (
    <p className="banner banner--error" role="alert">
      {t('settings.badZone', { zone: String(zone).slice(0, 64), fallback: DEFAULT_ZONE })}
    </p>
  );
}

/** Records named by `leadline://` links: one that started the app, and any that come while it runs. */
function useDeepLinks() {
  const go = useNavStore((s) => s.go);
  useEffect(() => {
    const desktop = getBridge().desktop;
    if (!desktop) return;
    void desktop.takeLink().then((route) => route && go(route.view, route.id));
    return desktop.onNavigate((route) => go(route.view, route.id));
  }, [go]);
}

export function Shell({ workspace, children }: { workspace: Workspace; children: ReactNode }) {
  const t = useT();
  const signOut = useSessionStore((s) => s.signOut);
  const { user } = workspace;
  const go = useNavStore((s) => s.go);
  const view = useCurrentView(user.role);
  useDeepLinks();
  useDesktopTray(workspace);
  useCallbackReminders(workspace);
  useRequestAlerts(workspace);
  usePresenceReporter(workspace);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        {getBridge().kind === 'web' && <span className="tag">{t('app.webTarget')}</span>}
        <nav aria-label={t('nav.main')} className="nav">
          {viewsFor(user.role).map((v) => (
            <a
              key={v}
              href={formatRoute({ view: v, id: null })}
              className={`nav__item${v === view ? ' nav__item--active' : ''}`}
              aria-current={v === view ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(v);
              }}
            >
              {t(`nav.${v}`)}
            </a>
          ))}
        </nav>
        <div className="topbar__right">
          <PhoneStatus workspace={workspace} />
          <SyncIndicator workspace={workspace} />
          <LanguageSwitch />
          <button
            className="button button--ghost"
            type="button"
            aria-label={t('shortcut.title')}
            aria-keyshortcuts="Shift+?"
            title={t('shortcut.title')}
            onClick={() => useShortcutHelpStore.getState().setOpen((o) => !o)}
          >
            ?
          </button>
          <span className="user">
            {user.name} · {t(`role.${user.role}`)}
          </span>
          <button className="button" type="button" onClick={() => void signOut()}>
            {t('auth.logout')}
          </button>
        </div>
      </header>
      {workspace.offlineSignIn && <p className="banner banner--info">{t('auth.offlineNotice')}</p>}
      <RefusalBanner />
      <UpdateBanner />
      <SettingsWarning workspace={workspace} />
      {children}
      <CommandPalette workspace={workspace} />
      <ShortcutHelp />
    </div>
  );
}
