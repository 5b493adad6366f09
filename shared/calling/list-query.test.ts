import { describe, expect, it } from 'vitest';
import { newProspect } from './prospect.ts';
import { defaultSettings } from './defaults.ts';
import { emptyCriteria, listSettingsErrors, matchesCriteria, newCallList } from './list-query.ts';
import { buildQueue } from './queue.ts';
import type { Prospect } from '../core/types.ts';

const NOW = Date.parse('2027-03-03T07:00:00Z');
const DAY = 86_400_000;

function p(id: string, patch: Partial<Prospect> = {}): Prospect {
  return newProspect({
    id,
    createdAt: 0,
    name: id,
    phone: '+74950000000',
    region: 'Москва',
    timeZone: 'Europe/Moscow',
    industry: 'Строительство',
    source: 'market_research',
    sourceListId: 'other',
    status: 'in_work',
    ...patch,
  });
}

const base = [
  p('need-soon', {
    status: 'future_need',
    expectedNeed: { description: '', date: '2027-03-20', precision: 'day', confidence: 50, trigger: '' },
  }),
  p('need-later', {
    status: 'future_need',
    expectedNeed: { description: '', date: '2027-09-01', precision: 'month', confidence: 50, trigger: '' },
  }),
  p('no-answer-old', { attempts: 3, lastOutcome: 'no_answer', lastCallAt: NOW - 20 * DAY }),
  p('no-answer-recent', { attempts: 3, lastOutcome: 'no_answer', lastCallAt: NOW - 3 * DAY }),
  p('no-answer-twice', { attempts: 2, lastOutcome: 'no_answer', lastCallAt: NOW - 20 * DAY }),
  p('refused-long-ago', { status: 'not_interested', lastOutcome: 'not_interested', lastCallAt: NOW - 200 * DAY }),
  p('refused-recently', { status: 'not_interested', lastOutcome: 'not_interested', lastCallAt: NOW - 30 * DAY }),
  p('refused-other-industry', { status: 'not_interested', industry: 'Энергетика', lastCallAt: NOW - 200 * DAY }),
];
const members = (criteria: Partial<ReturnType<typeof emptyCriteria>>) =>
  base.filter((x) => matchesCriteria(x, { ...emptyCriteria(), ...criteria }, NOW)).map((x) => x.id);

describe('earlier-results list queries', () => {
  it('future needs expected in the next 30 days', () => {
    expect(members({ statuses: ['future_need'], futureNeedWithinDays: 30 })).toEqual(['need-soon']);
  });

  it('no answer three times and not called for two weeks', () => {
    expect(members({ minAttempts: 3, lastOutcome: 'no_answer', notCalledForDays: 14 })).toEqual(['no-answer-old']);
  });

  it('not interested more than six months ago, in one industry', () => {
    expect(members({ statuses: ['not_interested'], industries: ['Строительство'], notCalledForDays: 180 })).toEqual([
      'refused-long-ago',
    ]);
  });

  it('feeds the queue: a saved query list offers its members, even statuses lists skip otherwise', () => {
    const list = newCallList({
      id: 'again',
      createdAt: 0,
      name: 'again',
      source: 'earlier_results',
      criteria: { ...emptyCriteria(), statuses: ['not_interested'], notCalledForDays: 180 },
      assigneeIds: ['op1'],
      callWindow: { from: '09:00', to: '20:00' },
      retry: { maxAttempts: 5, delayMinutes: 60 },
    });
    const queue = buildQueue({
      now: NOW,
      operatorId: 'op1',
      prospects: base,
      callbacks: [],
      lists: [list],
      settings: defaultSettings(0),
    });
    expect(queue.map((i) => i.prospect.id)).toEqual(['refused-long-ago', 'refused-other-industry']);
  });
});

describe('list settings', () => {
  it('accepts the defaults and names each wrong field', () => {
    const list = newCallList({ id: 'l', createdAt: 0, name: 'Builders', source: 'market_research' });
    expect(listSettingsErrors(list)).toEqual({});
    expect(
      listSettingsErrors({
        ...list,
        name: ' ',
        priority: 101,
        callWindow: { from: '19:00', to: '09:00' },
        retry: { maxAttempts: 0, delayMinutes: 1.5 },
        activeFrom: '2027-02-01',
        activeTo: '2027-01-31',
      }),
    ).toEqual({
      name: 'error.required',
      priority: 'error.invalid',
      windowTo: 'error.windowOrder',
      maxAttempts: 'error.invalid',
      delayMinutes: 'error.invalid',
      activeTo: 'error.dateOrder',
    });
  });
});
