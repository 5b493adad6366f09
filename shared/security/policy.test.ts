import { describe, expect, it } from 'vitest';
import { canRead, checkWrite, CLAIM_SKEW_MS } from './policy.ts';

const op = { id: 'op1', role: 'operator' as const };
const op2 = { id: 'op2', role: 'operator' as const };
const sales = { id: 's1', role: 'sales' as const };
const sup = { id: 'sup', role: 'supervisor' as const };
const now = 1_000_000_000;
const ctx = { now, claimMs: 20 * 60_000 };
const request = {
  id: 'r1',
  operatorId: 'op1',
  status: 'new',
  salesOwnerId: '',
  need: 'x',
  orderValue: 0,
  _deleted: false,
};

describe('role policy over the ownership table', () => {
  it('lets an operator hand over a request but not set its status', () => {
    expect(checkWrite('requests', op, null, request, ctx)).toBeNull();
    expect(checkWrite('requests', op, null, { ...request, status: 'won' }, ctx)?.field).toBe('status');
    expect(checkWrite('requests', op, request, { ...request, status: 'accepted' }, ctx)?.field).toBe('status');
    expect(checkWrite('requests', op, null, { ...request, operatorId: 'op2' }, ctx)?.field).toBe('operatorId');
  });

  it('lets sales take a new request for themselves only, and work only the ones they own', () => {
    const taken = { ...request, status: 'accepted', salesOwnerId: 's1' };
    expect(checkWrite('requests', sales, request, taken, ctx)).toBeNull();
    expect(checkWrite('requests', sales, request, { ...taken, salesOwnerId: 's2' }, ctx)).not.toBeNull();
    const theirs = { ...request, status: 'accepted', salesOwnerId: 's2' };
    expect(checkWrite('requests', sales, theirs, { ...theirs, orderValue: 5 }, ctx)?.message).toMatch(/not yours/);
    expect(checkWrite('requests', sales, theirs, { ...theirs, salesOwnerId: 's1' }, ctx)?.message).toMatch(/not yours/);
    expect(checkWrite('requests', sales, taken, { ...taken, need: 'changed' }, ctx)?.field).toBe('need');
    expect(checkWrite('requests', sales, null, request, ctx)?.message).toMatch(/may not create/);
  });

  it('leaves the fields the server owns to the server', () => {
    // An operator's SLA deadline is replaced by the server's, not refused: older clients still send one.
    expect(checkWrite('requests', op, null, { ...request, acceptBy: 42 }, ctx)).toBeNull();
  });

  it('keeps calls append-only and the operator their own', () => {
    const call = { id: 'c1', operatorId: 'op1', notes: '', _deleted: false };
    expect(checkWrite('calls', op, null, call, ctx)).toBeNull();
    expect(checkWrite('calls', op, call, { ...call, notes: 'edited' }, ctx)).not.toBeNull();
    expect(checkWrite('calls', op, null, { ...call, operatorId: 'someone-else' }, ctx)?.field).toBe('operatorId');
    expect(checkWrite('calls', sup, null, { ...call, operatorId: 'op1' }, ctx)?.field).toBe('operatorId');
  });

  it('lets only managers delete prospects or bring them back', () => {
    const p = { id: 'p', name: 'x', _deleted: false };
    expect(checkWrite('prospects', op, p, { ...p, _deleted: true }, ctx)?.field).toBe('_deleted');
    expect(checkWrite('prospects', sup, p, { ...p, _deleted: true }, ctx)).toBeNull();
    const gone = { ...p, _deleted: true };
    expect(checkWrite('prospects', op, gone, { ...gone, _deleted: false }, ctx)?.field).toBe('_deleted');
    expect(checkWrite('prospects', sup, gone, { ...gone, _deleted: false }, ctx)).toBeNull();
  });

  it('keeps author fields as they were created', () => {
    const p = { id: 'p', name: 'x', createdBy: 'op1', ownerId: '', _deleted: false };
    expect(checkWrite('prospects', op, p, { ...p, createdBy: 'op2' }, ctx)?.field).toBe('createdBy');
    expect(checkWrite('prospects', op, p, { ...p, ownerId: 'op1' }, ctx)).toBeNull();
    const owned = { ...p, ownerId: 'op2' };
    expect(checkWrite('prospects', op, owned, { ...owned, ownerId: 'op1' }, ctx)?.field).toBe('ownerId');
    const cb = { id: 'cb', createdBy: 'op1', assigneeId: 'op1', scope: 'personal', done: false, _deleted: false };
    expect(checkWrite('callbacks', op, cb, { ...cb, createdBy: 'op2' }, ctx)?.field).toBe('createdBy');
  });

  it('lets the operator who picks up an escalated team callback complete it', () => {
    const cb = {
      id: 'cb',
      createdBy: 'op2',
      assigneeId: 'op2',
      scope: 'team',
      done: false,
      doneAt: 0,
      _deleted: false,
    };
    expect(checkWrite('callbacks', op, cb, { ...cb, done: true, doneAt: now }, ctx)).toBeNull();
    const personal = { ...cb, scope: 'personal' };
    expect(checkWrite('callbacks', op, personal, { ...personal, done: true }, ctx)?.message).toMatch(/not yours/);
  });

  it('grants claims only to the claimer, for no longer than the settings allow', () => {
    const free = { id: 'p', claimedBy: '', claimedUntil: 0, _deleted: false };
    const mine = { ...free, claimedBy: 'op1', claimedUntil: now + ctx.claimMs };
    expect(checkWrite('prospects', op, free, mine, ctx)).toBeNull();
    expect(checkWrite('prospects', op, free, { ...mine, claimedUntil: now + 365 * 86_400_000 }, ctx)?.field).toBe(
      'claimedUntil',
    );
    expect(
      checkWrite('prospects', op, free, { ...mine, claimedUntil: now + ctx.claimMs + CLAIM_SKEW_MS }, ctx),
    ).toBeNull();
    expect(checkWrite('prospects', op, free, { ...mine, claimedBy: 'op2' }, ctx)?.field).toBe('claimedBy');
    // Another's live claim is neither overwritten nor released; an expired one may be taken.
    const theirs = { ...free, claimedBy: 'op2', claimedUntil: now + 60_000 };
    expect(checkWrite('prospects', op, theirs, mine, ctx)?.field).toBe('claimedBy');
    expect(checkWrite('prospects', op, theirs, free, ctx)?.field).toBe('claimedBy');
    expect(checkWrite('prospects', op, { ...theirs, claimedUntil: now - 1 }, mine, ctx)).toBeNull();
    expect(checkWrite('prospects', op, mine, free, ctx)).toBeNull();
    expect(checkWrite('prospects', sup, theirs, free, ctx)).toBeNull();
    expect(checkWrite('prospects', op2, null, { ...mine, claimedBy: 'op2' }, ctx)?.field).toBe('claimedBy');
  });

  it('lets each role write only its own kinds of history', () => {
    const ev = { id: 'e', requestId: 'r1', authorId: 'op1', kind: 'status_change', _deleted: false };
    expect(checkWrite('requestEvents', op, null, ev, ctx)?.field).toBe('kind');
    expect(checkWrite('requestEvents', op, null, { ...ev, kind: 'escalation' }, ctx)).toBeNull();
    expect(checkWrite('requestEvents', sales, null, { ...ev, authorId: 's1', kind: 'escalation' }, ctx)?.field).toBe(
      'kind',
    );
    expect(checkWrite('requestEvents', op, null, { ...ev, kind: 'comment', authorId: 'op2' }, ctx)?.field).toBe(
      'authorId',
    );
  });

  it('shows operators their own calls and requests, and team callbacks', () => {
    expect(canRead('calls', op, { operatorId: 'op1' })).toBe(true);
    expect(canRead('calls', op, { operatorId: 'op2' })).toBe(false);
    expect(canRead('callbacks', op, { assigneeId: 'op2', scope: 'team' })).toBe(true);
    expect(canRead('callbacks', op, { assigneeId: 'op2', createdBy: 'op1', scope: 'personal' })).toBe(true);
    expect(canRead('callbacks', op, { assigneeId: 'op2', createdBy: 'op2', scope: 'personal' })).toBe(false);
    expect(canRead('callbacks', sales, { assigneeId: 's1', scope: 'team' })).toBe(false);
  });

  it('lets sales change only the list requests they filed', () => {
    const mine = { id: 'lr1', requestedBy: 's1', title: 'Builders', status: 'new', _deleted: false };
    const theirs = { ...mine, id: 'lr2', requestedBy: 's2' };
    expect(checkWrite('listRequests', sales, mine, { ...mine, title: 'Builders, Ural' }, ctx)).toBeNull();
    expect(checkWrite('listRequests', sales, theirs, { ...theirs, title: 'hijacked' }, ctx)?.message).toMatch(
      /not yours/,
    );
    expect(checkWrite('listRequests', sales, mine, { ...mine, requestedBy: 's2' }, ctx)?.field).toBe('requestedBy');
    expect(checkWrite('listRequests', sales, mine, { ...mine, status: 'done' }, ctx)?.field).toBe('status');
  });
});
