import { fillWithDefaultSettings, type MangoQuery, normalizeMangoQuery, prepareQuery, type RxJsonSchema } from 'rxdb';
import { describe, expect, it } from 'vitest';
import type { CollectionName } from '../../shared/core/types.ts';
import { schemas } from '../../shared/schemas/index.ts';

/**
 * The queries screens run over large collections read their part through an index, never the whole
 * collection: the plan RxDB makes for each (as an RxQuery does: normalised, then live documents
 * only) starts and ends inside the index's range for the part. Without the index (or with a
 * query the planner cannot fit to it) the plan runs over a whole index from end to end.
 */
function plan(collection: CollectionName, query: MangoQuery<Record<string, unknown>>) {
  const schema = fillWithDefaultSettings(schemas[collection] as unknown as RxJsonSchema<Record<string, unknown>>);
  const normalized = normalizeMangoQuery(schema, query);
  normalized.selector = { ...normalized.selector, _deleted: { $eq: false } };
  return prepareQuery(schema, normalized).queryPlan;
}

const OPEN_CALLBACKS: [string, MangoQuery<Record<string, unknown>>][] = [
  ['the desk’s queue, the tray, the floor, the dashboard', { selector: { done: false } }],
  ['the callbacks screen', { selector: { done: false }, sort: [{ dueAt: 'asc' }] }],
  ['the reminders', { selector: { done: false, dueAt: { $gt: 1, $lte: 2 } } }],
];

describe('the screens’ queries over large collections', () => {
  it.each(OPEN_CALLBACKS)('open callbacks (%s) ride the index of open callbacks by due time', (_, query) => {
    const p = plan('callbacks', query);
    expect(p.index).toEqual(['_deleted', 'done', 'dueAt', 'id']);
    expect(p.startKeys.slice(0, 2)).toEqual([false, false]);
    expect(p.endKeys.slice(0, 2)).toEqual([false, false]);
  });

  it('the floor reads today’s calls and requests through their time indexes', () => {
    const calls = plan('calls', { selector: { startedAt: { $gte: 1000 } } });
    expect(calls.index).toEqual(['_deleted', 'startedAt', 'id']);
    expect(calls.startKeys[1]).toBe(1000);
    const requests = plan('requests', { selector: { createdAt: { $gte: 1000 } } });
    expect(requests.index).toEqual(['_deleted', 'createdAt', 'id']);
    expect(requests.startKeys[1]).toBe(1000);
  });

  it('the request tabs and the pipeline read by status', () => {
    expect(plan('requests', { selector: { status: { $in: ['new', 'accepted'] } } }).index).toEqual([
      '_deleted',
      'status',
      'id',
    ]);
    const future = plan('prospects', { selector: { status: 'future_need' } });
    expect(future.index[1]).toBe('status');
    expect(future.startKeys[1]).toBe('future_need');
  });
});
