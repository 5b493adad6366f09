import { useEffect, useState } from 'react';
import type { ServerAddressState } from '../../shared/sync/ipc.ts';
import { getServerSetup } from '../bridge/index.ts';
import { ServerSetup } from '../features/server/ServerSetup.tsx';
import { LoginScreen } from '../features/auth/LoginScreen.tsx';
import { CallbacksScreen } from '../features/callbacks/CallbacksScreen.tsx';
import { DeskScreen } from '../features/desk/DeskScreen.tsx';
import { FutureNeedsScreen } from '../features/future/FutureNeedsScreen.tsx';
import { RequestsScreen } from '../features/requests/RequestsScreen.tsx';
import { ListsScreen } from '../features/lists/ListsScreen.tsx';
import { UsersScreen } from '../features/users/UsersScreen.tsx';
import { SettingsScreen } from '../features/settings/SettingsScreen.tsx';
import { ListRequestsScreen } from '../features/listrequests/ListRequestsScreen.tsx';
import { DashboardScreen } from '../features/dashboard/DashboardScreen.tsx';
import { ProspectsScreen } from '../features/prospects/ProspectsScreen.tsx';
import { ScriptsScreen } from '../features/scripts/ScriptsScreen.tsx';
import { FloorScreen } from '../features/floor/FloorScreen.tsx';
import { AuditScreen } from '../features/audit/AuditScreen.tsx';
import { useT } from '../i18n/index.ts';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { Shell } from './Shell.tsx';
import { useCurrentView } from './nav-store.ts';
import { useSessionStore, type Workspace } from './session-store.ts';

export function App() {
  const t = useT();
  const { phase, workspace, restore } = useSessionStore();
  // The desktop app asks for its server on the first run, and so does a web target hosted apart
  // from its server; one served by the server talks to its own origin.
  const [server, setServer] = useState<ServerAddressState | null>(null);
  useEffect(() => {
    void getServerSetup().serverAddress().then(setServer);
  }, []);

  useEffect(() => {
    void restore();
  }, [restore]);

  if (server?.url === null) {
    return (
      <main className="splash">
        <ServerSetup state={server} firstRun />
      </main>
    );
  }

  if (phase === 'starting' || phase === 'opening') {
    return (
      <main className="splash" aria-busy="true">
        {t('app.loading')}
      </main>
    );
  }
  if (phase === 'signed-out' || !workspace) return <LoginScreen />;
  return (
    <ErrorBoundary resetKey="app">
      <Shell workspace={workspace}>
        <CurrentScreen workspace={workspace} />
      </Shell>
    </ErrorBoundary>
  );
}

/** Each screen behind its own boundary: one that fails leaves the others, and the shell, working. */
function CurrentScreen({ workspace }: { workspace: Workspace }) {
  const view = useCurrentView(workspace.user.role);
  return (
    <ErrorBoundary resetKey={view}>
      <CurrentView workspace={workspace} />
    </ErrorBoundary>
  );
}

function CurrentView({ workspace }: { workspace: Workspace }) {
  switch (useCurrentView(workspace.user.role)) {
    case 'desk':
      return <DeskScreen workspace={workspace} />;
    case 'listRequests':
      return <ListRequestsScreen workspace={workspace} />;
    case 'settings':
      return <SettingsScreen workspace={workspace} />;
    case 'users':
      return <UsersScreen workspace={workspace} />;
    case 'lists':
      return <ListsScreen workspace={workspace} />;
    case 'scripts':
      return <ScriptsScreen workspace={workspace} />;
    case 'floor':
      return <FloorScreen workspace={workspace} />;
    case 'audit':
      return <AuditScreen workspace={workspace} />;
    case 'dashboard':
      return <DashboardScreen workspace={workspace} />;
    case 'requests':
      return <RequestsScreen workspace={workspace} />;
    case 'callbacks':
      return <CallbacksScreen workspace={workspace} />;
    case 'future':
      return <FutureNeedsScreen workspace={workspace} />;
    default:
      return <ProspectsScreen workspace={workspace} />;
  }
}
