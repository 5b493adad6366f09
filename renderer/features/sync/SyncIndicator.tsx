import type { Workspace } from '../../app/session-store.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { useSyncStatus } from './use-sync-status.ts';

/** Online / offline / syncing, the writes waiting to be pushed, and the last successful sync. */
export function SyncIndicator({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const { connection, pending, active, problem } = useSyncStatus(workspace);
  const offline = connection.state === 'offline';
  const state = offline ? 'offline' : active ? 'syncing' : connection.state === 'online' ? 'online' : 'connecting';
  const label = offline
    ? t('sync.offline')
    : active
      ? t('sync.syncing')
      : connection.state === 'online'
        ? pending > 0
          ? t('sync.online')
          : t('sync.synced')
        : t('sync.connecting');
  const last = connection.lastSyncAt
    ? t('sync.lastSync', {
        time: new Date(connection.lastSyncAt).toLocaleTimeString(language === 'ru' ? 'ru-RU' : 'en-GB'),
      })
    : t('sync.never');
  return (
    <div
      className={`sync sync--${state}`}
      role="status"
      aria-label={t('sync.label')}
      title={problem || connection.lastError || last}
    >
      <span className="sync__dot" aria-hidden="true" />
      <span className="sync__state">{label}</span>
      {pending > 0 && <span className="sync__pending">{t('sync.waiting', { count: pending })}</span>}
      {problem && <span className="sync__problem">{t('sync.problem', { message: problem })}</span>}
      {pending === 0 && !problem && <span className="sync__last">{last}</span>}
    </div>
  );
}
