import { create } from 'zustand';
import type { OutcomeForm } from '../../../shared/calling/outcomes.ts';
import type { CallDial } from '../../../shared/telephony/call-events.ts';
import { ended } from '../phone/phone-call.ts';
import type { ScriptRun } from '../../../shared/call-scripts/script-runner.ts';

/**
 * The call in progress, written to localStorage on every change: if the app closes mid-call, the
 * next start puts the operator back where they were, answers and notes included.
 */
export interface ActiveCall {
  prospectId: string;
  listId: string;
  callbackId: string;
  startedAt: number;
  /** The script document (one language of one version) the call follows; '' without a script. */
  scriptDocId: string;
  run: ScriptRun | null;
  notes: string;
  /** The outcome being filled in, once the operator picked one. */
  form: OutcomeForm | null;
  /** What the network said, once the desk's softphone dialled (absent: not dialled by it). */
  dial?: CallDial;
  /** Progressive dialing: when the softphone dials by itself (0 or absent: it waits for the operator). */
  autoDialAt?: number;
}

interface DeskState {
  userId: string | null;
  call: ActiveCall | null;
  /** Loads the saved call of this user, if any. */
  load(userId: string): void;
  start(call: ActiveCall): void;
  update(patch: Partial<ActiveCall>): void;
  finish(): void;
}

const key = (userId: string) => `leadline.activeCall.${userId}`;

function read(userId: string): ActiveCall | null {
  try {
    const text = localStorage.getItem(key(userId));
    return text ? (JSON.parse(text) as ActiveCall) : null;
  } catch {
    return null;
  }
}

/**
 * A call restored after the app closed mid-call: the softphone's call did not survive, so its events
 * end now, said to be cut off (the talk time counts up to the restart, the longest it can have been).
 */
function interrupted(call: ActiveCall | null): ActiveCall | null {
  const dial = call?.dial;
  if (!call || !dial?.dialledAt || dial.endedAt) return call;
  const status = dial.answeredAt ? 'talking' : 'ringing';
  const cut = ended(
    { status, dial, muted: false, held: false },
    { at: Date.now(), originator: 'system', cause: 'App closed' },
  );
  return { ...call, dial: cut.dial };
}

export const useDeskStore = create<DeskState>((set, get) => {
  const persist = (call: ActiveCall | null) => {
    const userId = get().userId;
    if (!userId) return;
    if (call) localStorage.setItem(key(userId), JSON.stringify(call));
    else localStorage.removeItem(key(userId));
  };
  return {
    userId: null,
    call: null,
    load(userId) {
      set({ userId, call: interrupted(read(userId)) });
    },
    start(call) {
      persist(call);
      set({ call });
    },
    update(patch) {
      const current = get().call;
      if (!current) return;
      const call = { ...current, ...patch };
      persist(call);
      set({ call });
    },
    finish() {
      persist(null);
      set({ call: null });
    },
  };
});
