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
}

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
      const db = await openLeadlineDatabase({ name: databaseNameFor(user.id), storage: getRxStorageDexie() });
      const pending = new PendingWrites(localStorage, `leadline.pending.${user.id}`);
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
      set({ phase: 'ready', workspace: { user, db, repo, replication, offlineSignIn, queue, dispose } });
    } catch (error) {
      set({ phase: 'signed-out', error: error instanceof Error ? error.message : String(error) });
    }
  },

  async signOut(notice = '') {
    const workspace = get().workspace;
    set({ phase: 'signed-out', workspace: null, notice });
    closing = workspace ? workspace.dispose() : Promise.resolve();
    await Promise.all([closing, getBridge().auth.logout()]);
  },
}));
