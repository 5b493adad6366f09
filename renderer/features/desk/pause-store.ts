import { create } from 'zustand';

export const PAUSE_REASONS = ['break', 'lunch', 'training', 'meeting', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface Pause {
  reason: PauseReason;
  since: number;
}

interface PauseState {
  userId: string | null;
  pause: Pause | null;
  load(userId: string): void;
  start(reason: PauseReason): void;
  end(): void;
}

const key = (userId: string) => `leadline.pause.${userId}`;

function read(userId: string): Pause | null {
  try {
    const text = localStorage.getItem(key(userId));
    return text ? (JSON.parse(text) as Pause) : null;
  } catch {
    return null;
  }
}

/**
 * The operator's pause (break, lunch, training…), kept across a restart: while paused the desk
 * offers no next call and the floor shows the reason and since when.
 */
export const usePauseStore = create<PauseState>((set, get) => ({
  userId: null,
  pause: null,
  load(userId) {
    set({ userId, pause: read(userId) });
  },
  start(reason) {
    const { userId } = get();
    const pause = { reason, since: Date.now() };
    if (userId) localStorage.setItem(key(userId), JSON.stringify(pause));
    set({ pause });
  },
  end() {
    const { userId } = get();
    if (userId) localStorage.removeItem(key(userId));
    set({ pause: null });
  },
}));
