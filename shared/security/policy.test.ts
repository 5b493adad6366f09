import { describe, expect, it } from 'vitest';
import { canRead, checkWrite } from './policy.ts';

const op = { id: 'op1', role: 'operator' as const };
const sales = { id: 's1', role: 'sales' as const };
const request = { id: 'r1', operatorId: 'op1', status: 'new', need: 'x', orderValue: 0, _deleted: false };

describe('role policy', () => {
  it('lets an operator hand over a request but not set its status', () => {
    expect(checkWrite('requests', op, null, request)).toBeNull();
    expect(checkWrite('requests', op, null, { ...request, status: 'won' })?.field).toBe('status');
    expect(checkWrite('requests', op, request, { ...request, status: 'accepted' })?.field).toBe('status');
  });

  it('lets sales own the status fields and nothing else', () => {
    expect(checkWrite('requests', sales, request, { ...request, status: 'accepted', orderValue: 100 })).toBeNull();
    expect(checkWrite('requests', sales, request, { ...request, need: 'changed' })?.field).toBe('need');
    expect(checkWrite('requests', sales, null, request)?.message).toMatch(/may not create/);
  });

  it('keeps calls append-only', () => {
    const call = { id: 'c1', operatorId: 'op1', notes: '', _deleted: false };
    expect(checkWrite('calls', op, null, call)).toBeNull();
    expect(checkWrite('calls', op, call, { ...call, notes: 'edited' })).not.toBeNull();
    expect(checkWrite('calls', op, null, { ...call, operatorId: 'someone-else' })?.field).toBe('operatorId');
  });

  it('stops operators deleting prospects', () => {
    const p = { id: 'p', name: 'x', _deleted: false };
    expect(checkWrite('prospects', op, p, { ...p, _deleted: true })?.field).toBe('_deleted');
    expect(checkWrite('prospects', { id: 'sup', role: 'supervisor' }, p, { ...p, _deleted: true })).toBeNull();
  });

  it('shows operators their own calls and requests, and team callbacks', () => {
    expect(canRead('calls', op, { operatorId: 'op1' })).toBe(true);
    expect(canRead('calls', op, { operatorId: 'op2' })).toBe(false);
    expect(canRead('callbacks', op, { assigneeId: 'op2', scope: 'team' })).toBe(true);
    expect(canRead('callbacks', sales, { assigneeId: 's1', scope: 'team' })).toBe(false);
  });

  it('lets sales change only the list requests they filed', () => {
    const mine = { id: 'lr1', requestedBy: 's1', title: 'Builders', status: 'new', _deleted: false };
    const theirs = { ...mine, id: 'lr2', requestedBy: 's2' };
    expect(checkWrite('listRequests', sales, mine, { ...mine, title: 'Builders, Ural' })).toBeNull();
    expect(checkWrite('listRequests', sales, theirs, { ...theirs, title: 'hijacked' })?.message).toMatch(/not yours/);
    expect(checkWrite('listRequests', sales, theirs, { ...theirs, requestedBy: 's1' })?.field).toBe('requestedBy');
  });
});
