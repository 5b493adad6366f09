import { describe, expect, it } from 'vitest';
import { newProspect } from './prospect.ts';
import { defaultSettings } from './defaults.ts';
import { newCallList } from './list-query.ts';
import { buildQueue, type QueueInput } from './queue.ts';
import type { Callback, CallList, Prospect } from '../core/types.ts';

// 2026-11-27 is a Friday. 07:00 UTC is 10:00 in Moscow, 14:00 in Novosibirsk, 19:00 in Kamchatka.
const NOW = Date.parse('2026-11-27T07:00:00Z');
const ME = 'op1';

function prospect(id: string, patch: Partial<Prospect> = {}): Prospect {
  return newProspect({
    id,
    createdAt: 0,
    name: id,
    phone: '+74950000000',
    timeZone: 'Europe/Moscow',
    source: 'market_research',
    sourceListId: 'L1',
    ...patch,
  });
}

function list(id: string, patch: Partial<CallList> = {}): CallList {
  return newCallList({
    id,
    createdAt: 0,
    name: id,
    source: 'market_research',
    assigneeIds: [ME],
    callWindow: { from: '09:00', to: '20:00' },
    retry: { maxAttempts: 3, delayMinutes: 120 },
    ...patch,
  });
}

function callback(id: string, prospectId: string, patch: Partial<Callback> = {}): Callback {
  return {
    id,
    createdAt: 0,
    updatedAt: 0,
    prospectId,
    dueAt: NOW - 60_000,
    timeZone: 'Europe/Moscow',
    reason: 'requested',
    scope: 'personal',
    assigneeId: ME,
    createdBy: ME,
    done: false,
    doneAt: 0,
    note: '',
    askedFor: NOW - 60_000,
    outsideHoursAllowedAt: 0,
    ...patch,
  };
}

function queue(patch: Partial<QueueInput>): string[] {
  return buildQueue({
    now: NOW,
    operatorId: ME,
    prospects: [],
    callbacks: [],
    lists: [list('L1')],
    settings: defaultSettings(0),
    ...patch,
  }).map((i) => `${i.reason}:${i.prospect.id}`);
}

describe('queue rule', () => {
  it('puts due personal callbacks first, then team callbacks, then lists', () => {
    const prospects = [prospect('a'), prospect('b'), prospect('c'), prospect('d')];
    const callbacks = [
      callback('t', 'b', { scope: 'team', assigneeId: 'op2', dueAt: NOW - 3_600_000 }),
      callback('p', 'c', { dueAt: NOW - 60_000 }),
      callback('future', 'd', { dueAt: NOW + 3_600_000 }),
      callback('others', 'a', { assigneeId: 'op2' }),
    ];
    // a and d wait for their callbacks (op2's, and a later one): lists do not offer them meanwhile.
    expect(queue({ prospects: [...prospects, prospect('e')], callbacks })).toEqual([
      'callback_personal:c',
      'callback_team:b',
      'list:e',
    ]);
  });

  it('offers list prospects only inside their own calling window, across time zones', () => {
    const prospects = [
      prospect('moscow', { timeZone: 'Europe/Moscow' }), // 10:00 there: inside
      prospect('kamchatka', { timeZone: 'Asia/Kamchatka' }), // 19:00: inside until 20:00
      prospect('late', { timeZone: 'Asia/Kamchatka' }),
    ];
    const narrow = list('L1', { callWindow: { from: '09:00', to: '19:00' } });
    expect(queue({ prospects, lists: [narrow] })).toEqual(['list:moscow']);
    expect(queue({ prospects })).toEqual(['list:kamchatka', 'list:late', 'list:moscow']);
    // 05:00 UTC is 08:00 in Moscow: too early there, but 17:00 in Kamchatka.
    expect(
      buildQueue({
        now: Date.parse('2026-11-27T05:00:00Z'),
        operatorId: ME,
        prospects,
        callbacks: [],
        lists: [list('L1')],
        settings: defaultSettings(0),
      }).map((i) => i.prospect.id),
    ).toEqual(['kamchatka', 'late']);
  });

  it('respects calling weekdays in the prospect zone', () => {
    // Sunday 2026-11-29 07:00 UTC.
    const sunday = Date.parse('2026-11-29T07:00:00Z');
    expect(
      buildQueue({
        now: sunday,
        operatorId: ME,
        prospects: [prospect('a')],
        callbacks: [],
        lists: [list('L1')],
        settings: defaultSettings(0),
      }),
    ).toEqual([]);
  });

  it('never offers do-not-call, handed-off or customer prospects, not even by callback', () => {
    const prospects = [
      prospect('dnc', { status: 'do_not_call' }),
      prospect('sold', { status: 'handed_off' }),
      prospect('cust', { status: 'customer' }),
      prospect('ni', { status: 'not_interested' }),
    ];
    const callbacks = [callback('x', 'dnc'), callback('y', 'ni')];
    expect(queue({ prospects, callbacks })).toEqual(['callback_personal:ni']);
  });

  it('applies retry rules: delay after the last attempt and the attempt limit', () => {
    const prospects = [
      prospect('fresh'),
      prospect('recent', { attempts: 1, lastCallAt: NOW - 30 * 60_000 }),
      prospect('rested', { attempts: 1, lastCallAt: NOW - 3 * 3_600_000 }),
      prospect('exhausted', { attempts: 3, lastCallAt: NOW - 10 * 3_600_000 }),
      prospect('scheduled', { nextCallAt: NOW + 60_000 }),
    ];
    expect(queue({ prospects })).toEqual(['list:fresh', 'list:rested']);
  });

  it('skips prospects another operator holds, and takes them once the claim lapses', () => {
    const prospects = [
      prospect('held', { claimedBy: 'op2', claimedUntil: NOW + 60_000 }),
      prospect('mine', { claimedBy: ME, claimedUntil: NOW + 60_000 }),
      prospect('lapsed', { claimedBy: 'op2', claimedUntil: NOW - 1 }),
    ];
    expect(queue({ prospects })).toEqual(['list:lapsed', 'list:mine']);
  });

  it('orders lists by priority and ignores lists the operator is not assigned to', () => {
    const prospects = [
      prospect('low', { sourceListId: 'LOW' }),
      prospect('high', { sourceListId: 'HIGH' }),
      prospect('other', { sourceListId: 'OTHER' }),
    ];
    const lists = [
      list('LOW', { priority: 10 }),
      list('HIGH', { priority: 90 }),
      list('OTHER', { assigneeIds: ['op2'] }),
    ];
    expect(queue({ prospects, lists })).toEqual(['list:high', 'list:low']);
  });

  it('gives a list to every operator of an assigned team, only between its active dates', () => {
    const prospects = [prospect('a', { sourceListId: 'T' })];
    const team = list('T', { assigneeIds: [], assigneeTeams: ['Альфа'] });
    expect(queue({ prospects, lists: [team] })).toEqual([]);
    expect(queue({ prospects, lists: [team], operatorTeam: 'Бета' })).toEqual([]);
    expect(queue({ prospects, lists: [team], operatorTeam: 'Альфа' })).toEqual(['list:a']);
    // NOW is Friday 2026-11-27 in Moscow: the first and last active day count.
    const dated = (activeFrom: string, activeTo: string) => [{ ...team, activeFrom, activeTo }];
    expect(queue({ prospects, lists: dated('2026-11-27', '2026-11-27'), operatorTeam: 'Альфа' })).toEqual(['list:a']);
    expect(queue({ prospects, lists: dated('2026-11-28', ''), operatorTeam: 'Альфа' })).toEqual([]);
    expect(queue({ prospects, lists: dated('', '2026-11-26'), operatorTeam: 'Альфа' })).toEqual([]);
  });

  it('calls no list prospect on a holiday in the prospect’s own zone; promised callbacks still come', () => {
    const prospects = [prospect('a'), prospect('b')];
    const callbacks = [callback('p', 'b', { dueAt: NOW - 60_000 })];
    const settings = { ...defaultSettings(0) };
    // NOW is Friday 2026-11-27, 10:00 in Moscow.
    const holiday = { ...settings, workingHours: { ...settings.workingHours, holidays: ['2026-11-27'] } };
    expect(queue({ prospects, callbacks, settings: holiday })).toEqual(['callback_personal:b']);
    expect(queue({ prospects, callbacks, settings })).toEqual(['callback_personal:b', 'list:a']);
  });

  it('calls list prospects on a working Saturday of the production calendar, not on an ordinary one', () => {
    const prospects = [prospect('a')];
    const settings = defaultSettings(0);
    const saturday = Date.parse('2027-11-13T07:00:00Z'); // 10:00 in Moscow
    const working = { ...settings, workingHours: { ...settings.workingHours, workdays: ['2027-11-13'] } };
    expect(queue({ now: saturday, prospects, settings })).toEqual([]);
    expect(queue({ now: saturday, prospects, settings: working })).toEqual(['list:a']);
  });

  it('leaves out excluded prospects and ones waiting for a callback', () => {
    const prospects = [prospect('a'), prospect('b'), prospect('c')];
    const callbacks = [callback('later', 'c', { dueAt: NOW + 3_600_000 })];
    expect(queue({ prospects, callbacks, exclude: new Set(['a']) })).toEqual(['list:b']);
  });
});

describe('calling hours, in one place', () => {
  // 03:00 UTC is 06:00 in Moscow; 06:00 UTC is 09:00.
  const early = Date.parse('2026-11-27T03:00:00Z');
  const nine = Date.parse('2026-11-27T06:00:00Z');
  const p = prospect('p1');

  it('offers no callback and no list call before the prospect’s calling hours, and both from 09:00', () => {
    const due = [callback('cb', 'p1', { dueAt: early - 3_600_000 })];
    const team = [callback('cb', 'p1', { dueAt: early - 3_600_000, scope: 'team', assigneeId: 'op2' })];
    for (const callbacks of [due, team, []]) {
      expect(queue({ now: early, prospects: [p], callbacks })).toEqual([]);
      expect(queue({ now: nine, prospects: [p], callbacks })).toHaveLength(1);
    }
  });

  it('follows a change in the settings: a list never calls outside them, and may narrow them', () => {
    const later = { ...defaultSettings(0), callingHours: { from: '10:00', to: '18:00', weekdays: [1, 2, 3, 4, 5] } };
    expect(queue({ now: nine, prospects: [p], settings: later })).toEqual([]);
    expect(queue({ now: nine + 3_600_000, prospects: [p], settings: later })).toEqual(['list:p1']);
    const narrow = list('L1', { callWindow: { from: '11:00', to: '19:00' } });
    expect(queue({ now: nine + 3_600_000, prospects: [p], settings: later, lists: [narrow] })).toEqual([]);
    expect(queue({ now: nine + 2 * 3_600_000, prospects: [p], settings: later, lists: [narrow] })).toEqual(['list:p1']);
  });

  it('offers a callback outside the hours only at the time a supervisor allowed, for up to an hour', () => {
    const at = early - 30 * 60_000; // 05:30 their time
    const allowed = [callback('cb', 'p1', { dueAt: at, askedFor: at, outsideHoursAllowedAt: at })];
    expect(queue({ now: early, prospects: [p], callbacks: allowed })).toEqual(['callback_personal:p1']);
    expect(queue({ now: at - 60_000, prospects: [p], callbacks: allowed })).toEqual([]);
    expect(queue({ now: at + 61 * 60_000, prospects: [p], callbacks: allowed })).toEqual([]);
    // Moved to another time (a retry, a reschedule), the permission no longer holds.
    const moved = [callback('cb', 'p1', { dueAt: at + 60_000, askedFor: at, outsideHoursAllowedAt: at })];
    expect(queue({ now: early, prospects: [p], callbacks: moved })).toEqual([]);
    // A list call for the same prospect is never brought forward by it.
    expect(queue({ now: early, prospects: [p], callbacks: [] })).toEqual([]);
  });
});
