import { describe, expect, it } from 'vitest';
import { newProspect } from './prospect.ts';
import { demoScripts } from '../../server/seed/demo-data.ts';
import { defaultSettings } from './defaults.ts';
import { applyOutcome, type OutcomeContext, type OutcomeForm, requestFormFromRun } from './outcomes.ts';
import { choose, proceed, startRun } from '../call-scripts/script-runner.ts';
import type { Callback } from '../core/types.ts';

const NOW = Date.parse('2026-11-27T07:00:00Z');
let n = 0;
const prospect = newProspect({
  id: 'p1',
  createdAt: 0,
  name: 'ООО «Тест»',
  phone: '+73832000000',
  timeZone: 'Asia/Novosibirsk',
  source: 'market_research',
  sourceListId: 'L1',
  claimedBy: 'op1',
  claimedUntil: NOW + 1000,
});
const ctx = (patch: Partial<OutcomeContext> = {}): OutcomeContext => ({
  now: NOW,
  operatorId: 'op1',
  prospect,
  list: null,
  callback: null,
  run: null,
  startedAt: NOW - 90_000,
  notes: 'n',
  settings: defaultSettings(0),
  newId: () => `id${++n}`,
  ...patch,
});
function ok(form: OutcomeForm, patch: Partial<OutcomeContext> = {}) {
  const r = applyOutcome(form, ctx(patch));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.writes;
}

describe('outcomes', () => {
  it('need now: a request prefilled from the script answers, the prospect handed off', () => {
    const s = demoScripts(0)[1]!;
    let run = choose(s, proceed(s, choose(s, startRun(s), 'ok')), 'now');
    for (const text of ['Openings', '12', 'Site A', 'March', '450 000', 'Ivan']) run = proceed(s, run, text);
    const form = requestFormFromRun(run, '');
    expect(form).toMatchObject({
      need: 'Openings',
      volume: '12',
      site: 'Site A',
      deadline: 'March',
      budget: 450000,
      contact: 'Ivan',
    });
    const w = ok(form, { run });
    expect(w.request).toMatchObject({
      status: 'new',
      need: 'Openings',
      estimatedValue: 450000,
      callId: w.call.id,
      operatorId: 'op1',
    });
    // Friday 10:00 Moscow + 2 working hours = 12:00 Moscow.
    expect(new Date(w.request!.acceptBy).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(w.prospect).toMatchObject({
      status: 'handed_off',
      attempts: 1,
      lastCallAt: NOW,
      claimedBy: '',
      ownerId: 'op1',
    });
    expect(w.call).toMatchObject({
      outcome: 'request',
      scriptId: 'demo-script-intro-en',
      scriptVersion: 1,
      endedAt: NOW,
    });
    expect(w.call.path.at(-1)).toBe('end-request');
  });

  it('future need: the need recorded and a callback 14 days before the period, 10:00 prospect time', () => {
    const w = ok({
      kind: 'future_need',
      period: '2027-Q1',
      precision: 'quarter',
      confidence: 70,
      trigger: 'tender',
      description: 'demolition',
    });
    expect(w.prospect.status).toBe('future_need');
    expect(w.prospect.expectedNeed).toEqual({
      description: 'demolition',
      date: '2027-01-01',
      precision: 'quarter',
      confidence: 70,
      trigger: 'tender',
    });
    expect(w.callbacks).toHaveLength(1);
    expect(new Date(w.callbacks[0]!.dueAt).toISOString()).toBe('2026-12-18T03:00:00.000Z');
    expect(w.callbacks[0]).toMatchObject({
      reason: 'future_need',
      scope: 'personal',
      assigneeId: 'op1',
      timeZone: 'Asia/Novosibirsk',
    });
  });

  it('call back: the time the prospect named, in their zone, stored in UTC', () => {
    // Monday 10:00 in Novosibirsk.
    const w = ok({ kind: 'callback', date: '2026-11-30', time: '10:00' });
    expect(new Date(w.callbacks[0]!.dueAt).toISOString()).toBe('2026-11-30T03:00:00.000Z');
  });

  it('call back outside the calling hours: moved to their next start, in the prospect’s zone', () => {
    // 07:30 on Monday → 09:00 that day; Saturday 10:00 → Monday 09:00 (weekends are not calling days).
    expect(
      new Date(ok({ kind: 'callback', date: '2026-11-30', time: '07:30' }).callbacks[0]!.dueAt).toISOString(),
    ).toBe('2026-11-30T02:00:00.000Z');
    expect(
      new Date(ok({ kind: 'callback', date: '2026-11-28', time: '10:00' }).callbacks[0]!.dueAt).toISOString(),
    ).toBe('2026-11-30T02:00:00.000Z');
  });

  it('keeps the asked time beside the moved one; only a supervisor may keep the asked time', () => {
    const asked = '2026-11-30T00:30:00.000Z'; // 07:30 in Novosibirsk
    const moved = ok({ kind: 'callback', date: '2026-11-30', time: '07:30', keepAskedTime: true }).callbacks[0]!;
    expect(
      [moved.dueAt, moved.askedFor, moved.outsideHoursAllowedAt].map((t) => t && new Date(t).toISOString()),
    ).toEqual(['2026-11-30T02:00:00.000Z', asked, 0]);
    const kept = ok(
      { kind: 'callback', date: '2026-11-30', time: '07:30', keepAskedTime: true },
      { mayAllowOutsideHours: true },
    ).callbacks[0]!;
    expect([kept.dueAt, kept.askedFor, kept.outsideHoursAllowedAt].map((t) => new Date(t).toISOString())).toEqual([
      asked,
      asked,
      asked,
    ]);
    // Inside the hours there is nothing to allow.
    const inside = ok(
      { kind: 'callback', date: '2026-11-30', time: '10:00', keepAskedTime: true },
      { mayAllowOutsideHours: true },
    ).callbacks[0]!;
    expect(inside.outsideHoursAllowedAt).toBe(0);
    expect(inside.askedFor).toBe(inside.dueAt);
  });

  it('refuses a callback in the past and an empty need, with field errors', () => {
    expect(applyOutcome({ kind: 'callback', date: '2026-11-27', time: '09:00' }, ctx())).toEqual({
      ok: false,
      errors: { time: 'error.past' },
    });
    expect(
      applyOutcome({ kind: 'request', need: ' ', volume: '', site: '', deadline: '', budget: 0, contact: '' }, ctx()),
    ).toMatchObject({ ok: false, errors: { need: 'error.required' } });
  });

  it('no answer: retry after the list delay; a promised callback comes back', () => {
    const cb: Callback = {
      id: 'cb',
      createdAt: 0,
      updatedAt: 0,
      prospectId: 'p1',
      dueAt: NOW,
      timeZone: 'Asia/Novosibirsk',
      reason: 'requested',
      scope: 'personal',
      assigneeId: 'op1',
      createdBy: 'op1',
      done: false,
      doneAt: 0,
      note: 'x',
      askedFor: NOW,
      outsideHoursAllowedAt: 0,
    };
    const w = ok({ kind: 'no_answer' }, { callback: cb });
    expect(w.prospect.nextCallAt).toBe(NOW + 120 * 60_000);
    expect(w.callbacks.map((c) => [c.id, c.done, c.reason])).toEqual([
      ['cb', true, 'requested'],
      [expect.any(String), false, 'retry'],
    ]);
  });

  it('do not call and wrong number take the prospect out of the lists', () => {
    expect(ok({ kind: 'do_not_call' }).prospect.status).toBe('do_not_call');
    const wrong = ok({ kind: 'wrong_number' }).prospect;
    expect(wrong.phone).toBe('');
    expect(wrong.notes).toContain('Wrong number: +73832000000');
  });
});
