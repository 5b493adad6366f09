import { useEffect } from 'react';
import { LoginScreen } from '../features/auth/LoginScreen.tsx';
import { ProspectsScreen } from '../features/prospects/ProspectsScreen.tsx';
import { useT } from '../i18n/index.ts';
import { Shell } from './Shell.tsx';
import { useSessionStore } from './session-store.ts';

export function App() {
  const t = useT();
  const { phase, workspace, restore } = useSessionStore();

  useEffect(() => {
    void restore();
  }, [restore]);

  if (phase === 'starting' || phase === 'opening') {
    return (
      <main className="splash" aria-busy="true">
        {t('app.loading')}
      </main>
    );
  }
  if (phase === 'signed-out' || !workspace) return <LoginScreen />;
  return (
    <Shell workspace={workspace}>
      <ProspectsScreen workspace={workspace} />
    </Shell>
  );
}
