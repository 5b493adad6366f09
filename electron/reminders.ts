import type { LinkedRoute } from '../shared/sync/ipc.ts';

/**
 * Callback reminders kept by main, so they fire with the window hidden or minimised to the tray. The
 * renderer hands over the coming reminders (already in the user's language) whenever they change;
 * main keeps one timer for the nearest, and fires each reminder once, when it falls due. Reminders
 * already overdue when handed over are not fired (the Callbacks screen lists them), unless they fell
 * due within the last minute (a hand-over racing the due time).
 */

export interface Reminder {
  id: string;
  dueAt: number;
  title: string;
  body: string;
  /** What clicking it opens. */
  route: LinkedRoute;
}

export interface TimerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Timers of more than this are re-armed: long timeouts overflow, and clocks jump (sleep, NTP). */
const MAX_WAIT_MS = 60 * 60_000;
const JUST_DUE_MS = 60_000;
/** The most reminders main holds: the nearest ones. */
export const MAX_REMINDERS = 500;

export class ReminderScheduler {
  private readonly clock: TimerClock;
  private readonly notify: (reminder: Reminder) => void;
  private reminders: Reminder[] = [];
  private readonly fired = new Set<string>();
  private timer: unknown = null;

  constructor(clock: TimerClock, notify: (reminder: Reminder) => void) {
    this.clock = clock;
    this.notify = notify;
  }

  /** The reminders to keep from now on (the renderer's whole current set). */
  replace(reminders: readonly Reminder[]): void {
    const now = this.clock.now();
    this.reminders = reminders
      .filter((r) => !this.fired.has(key(r)) && r.dueAt > now - JUST_DUE_MS)
      .toSorted((a, b) => a.dueAt - b.dueAt)
      .slice(0, MAX_REMINDERS);
    this.arm();
  }

  /** The reminders still to fire, nearest first. */
  pending(): readonly Reminder[] {
    return this.reminders;
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.reminders = [];
  }

  private arm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const next = this.reminders[0];
    if (!next) return;
    const wait = Math.max(0, Math.min(next.dueAt - this.clock.now(), MAX_WAIT_MS));
    this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = null;
    const now = this.clock.now();
    const due = this.reminders.filter((r) => r.dueAt <= now);
    this.reminders = this.reminders.filter((r) => r.dueAt > now);
    for (const reminder of due) {
      this.fired.add(key(reminder));
      this.notify(reminder);
    }
    this.arm();
  }
}

/** A reminder moved to a new time is a new reminder; the same one handed over again is not. */
const key = (r: Reminder) => `${r.id}@${r.dueAt}`;
