import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { create } from 'zustand';
import type { SessionUser } from '../../shared/sync/wire.ts';
import { getBridge } from '../bridge/index.ts';
import type { LeadlineDatabase } from '../db/collections.ts';
import { databaseNameFor, openLeadlineDatabase } from '../db/database.ts';
import { PendingWrites } from '../db/pending-writes.ts';
import { type LeadlineReplication, startReplication } from '../db/replication.ts';
import { Repository } from '../db/repository.ts';
import { QueueSource } from '../features/desk/next-call.ts';

export interface Workspace {
  user: SessionUser;
  db: LeadlineDatabase;
  repo: Repository;
  replication: LeadlineReplication;
  offlineSignIn: boolean;
  /** Live inputs of the call queue, warm for an instant "next call". */
  queue: QueueSource;
  /** Whether the first sync after opening has finished (until then the queue may look empty). */
  synced(): boolean;
  dispose(): Promise<void>;
}

type Phase = 'starting' | 'signed-out' | 'opening' | 'ready';

/**
 * The workspace being closed, if any. Opening waits for it: two RxDB instances of one database
 * must never overlap (a quick sign-out and sign-in would otherwise see an empty base).
 */
let closing: Promise<void> = Promise.resolve();

interface SessionState {
  phase: Phase;
  workspace: Workspace | null;
  notice: string;
  error: string;
  /** Restores the session of a user who signed in before, online or not. */
  restore(): Promise<void>;
  open(user: SessionUser, offlineSignIn: boolean): Promise<void>;
  signOut(notice?: string): Promise<void>;
  /** Closes the workspace, drops the local database and opens a fresh one, synced under the current role. */
  rebuild(): Promise<void>;
}

/** The role a user's local database was filled under: a new role must not keep the old one's data. */
const replicaRoleKey = (userId: string) => `leadline.replica-role.${userId}`;
const pendingKey = (userId: string) => `leadline.pending.${userId}`;

export const useSessionStore = create<SessionState>((set, get) => ({
  phase: 'starting',
  workspace: null,
  notice: '',
  error: '',

  async restore() {
    const bridge = getBridge();
    bridge.auth.onSignedOut((reason) => void get().signOut(reason));
    const user = await bridge.auth.session();
    if (user) await get().open(user, false);
    else set({ phase: 'signed-out' });
  },

  async open(user, offlineSignIn) {
    set({ phase: 'opening', error: '', notice: '' });
    try {
      await closing;
      const bridge = getBridge();
      const name = databaseNameFor(user.id);
      const pending = new PendingWrites(localStorage, pendingKey(user.id));
      const madeAs = localStorage.getItem(replicaRoleKey(user.id));
      const oldRole = madeAs !== null && madeAs !== user.role;
      // A replica filled under another role holds what this one may not read: it goes, unless it
      // still holds writes to send, which are pushed (under the new role) before it goes.
      if (oldRole && pending.count === 0) await removeRxDatabase(name, getRxStorageDexie());
      if (!oldRole || pending.count === 0) localStorage.setItem(replicaRoleKey(user.id), user.role);
      const db = await openLeadlineDatabase({ name, storage: getRxStorageDexie() });
      globalThis.addEventListener?.('pagehide', () => pending.flush());
      const replication = startReplication({ db, sync: bridge.sync, role: user.role, pending, serverId: 'central' });
      const onOnline = () => replication.reSync();
      window.addEventListener('online', onOnline);
      const queue = new QueueSource(db);
      const dispose = async () => {
        queue.dispose();
        window.removeEventListener('online', onOnline);
        await replication.cancel();
        await db.close();
      };
      const repo = new Repository(db, pending);
      // Synced once on this workstation (a restart offline still has the base), or now.
      const syncedKey = `leadline.synced.${user.id}`;
      let inSync = localStorage.getItem(syncedKey) === user.role;
      void replication.awaitInSync().then(() => {
        inSync = true;
        localStorage.setItem(syncedKey, user.role);
      });
      const synced = () => inSync;
      set({ phase: 'ready', workspace: { user, db, repo, replication, offlineSignIn, queue, synced, dispose } });
      if (oldRole && pending.count > 0) void replication.awaitInSync().then(() => get().rebuild());
    } catch (error) {
      set({ phase: 'signed-out', error: error instanceof Error ? error.message : String(error) });
    }
  },

  async rebuild() {
    const workspace = get().workspace;
    if (!workspace) return;
    set({ phase: 'opening', workspace: null });
    await workspace.dispose();
    await removeRxDatabase(databaseNameFor(workspace.user.id), getRxStorageDexie());
    // Whatever the server refused of the old role's writes is gone with the old replica.
    localStorage.removeItem(pendingKey(workspace.user.id));
    localStorage.removeItem(`leadline.synced.${workspace.user.id}`);
    localStorage.setItem(replicaRoleKey(workspace.user.id), workspace.user.role);
    await get().open(workspace.user, workspace.offlineSignIn);
  },

  async signOut(notice = '') {
    const workspace = get().workspace;
    set({ phase: 'signed-out', workspace: null, notice });
    closing = workspace ? workspace.dispose() : Promise.resolve();
    await Promise.all([closing, getBridge().auth.logout()]);
  },
}));
