import { describe, expect, it } from 'vitest';
import { type Reminder, ReminderScheduler, type TimerClock } from './reminders.ts';

/** A clock the test moves by hand, with the timers main would have set. */
function fakeClock(start: number) {
  let now = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: TimerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).toSorted((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      timers = timers.filter((t) => t !== due);
      due.fn();
    }
    now = until;
  };
  return { clock, advance, timers: () => timers.length };
}

const MIN = 60_000;
const reminder = (id: string, dueAt: number): Reminder => ({
  id,
  dueAt,
  title: 'Перезвон',
  body: `ООО «${id}»`,
  route: { view: 'callbacks', id },
});

describe('reminders kept by main', () => {
  it('fires each reminder once, when it falls due, with nothing else running (the window hidden)', () => {
    const { clock, advance } = fakeClock(0);
    const fired: string[] = [];
    const scheduler = new ReminderScheduler(clock, (r) => fired.push(`${r.id}@${clock.now()}`));
    scheduler.replace([reminder('b', 30 * MIN), reminder('a', 10 * MIN)]);
    advance(9 * MIN);
    expect(fired).toEqual([]);
    advance(1 * MIN);
    expect(fired).toEqual([`a@${10 * MIN}`]);
    // The renderer hands the same set over again (a sync, a change elsewhere): nothing fires twice.
    scheduler.replace([reminder('b', 30 * MIN), reminder('a', 10 * MIN)]);
    advance(60 * MIN);
    expect(fired).toEqual([`a@${10 * MIN}`, `b@${30 * MIN}`]);
    advance(24 * 60 * MIN);
    expect(fired).toHaveLength(2);
  });

  it('follows a callback moved or done, and waits through days with a timer of at most an hour', () => {
    const { clock, advance, timers } = fakeClock(0);
    const fired: string[] = [];
    const scheduler = new ReminderScheduler(clock, (r) => fired.push(r.id));
    scheduler.replace([reminder('moved', 10 * MIN), reminder('done', 20 * MIN), reminder('later', 3 * 24 * 60 * MIN)]);
    scheduler.replace([reminder('moved', 40 * MIN), reminder('later', 3 * 24 * 60 * MIN)]);
    advance(30 * MIN);
    expect(fired).toEqual([]);
    advance(10 * MIN);
    expect(fired).toEqual(['moved']);
    expect(timers()).toBe(1);
    advance(3 * 24 * 60 * MIN);
    expect(fired).toEqual(['moved', 'later']);
    expect(timers()).toBe(0);
  });

  it('does not fire what was already overdue when handed over, but does what fell due a moment ago', () => {
    const { clock, advance } = fakeClock(100 * MIN);
    const fired: string[] = [];
    const scheduler = new ReminderScheduler(clock, (r) => fired.push(r.id));
    scheduler.replace([reminder('yesterday', 100 * MIN - 24 * 60 * MIN), reminder('just', 100 * MIN - 20_000)]);
    advance(0);
    expect(fired).toEqual(['just']);
    expect(scheduler.pending()).toEqual([]);
  });

  it('keeps the nearest 500', () => {
    const { clock } = fakeClock(0);
    const scheduler = new ReminderScheduler(clock, () => undefined);
    scheduler.replace(Array.from({ length: 800 }, (_, i) => reminder(`r${i}`, (800 - i) * MIN)));
    expect(scheduler.pending()).toHaveLength(500);
    expect(scheduler.pending()[0]!.id).toBe('r799');
    scheduler.dispose();
    expect(scheduler.pending()).toEqual([]);
  });
});
