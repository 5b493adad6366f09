import { describe, expect, it } from 'vitest';
import { mergeProspect } from './collections.ts';
import { mergeById, mergeText, NOTE_SEPARATOR, threeWayMerge } from './three-way.ts';

const base = { id: '1', updatedAt: 1, a: 'a', b: 'b', notes: 'n', _deleted: false };

describe('threeWayMerge', () => {
  it('keeps changes made on one side only, from both sides', () => {
    const merged = threeWayMerge(base, { ...base, a: 'A', updatedAt: 2 }, { ...base, b: 'B', updatedAt: 3 });
    expect(merged).toEqual({ ...base, a: 'A', b: 'B', updatedAt: 3 });
  });

  it('lets the remote side win a field both changed, unless the field has a strategy', () => {
    const merged = threeWayMerge(
      base,
      { ...base, a: 'local', notes: 'n+l' },
      { ...base, a: 'remote', notes: 'n+r' },
      { notes: mergeText },
    );
    expect(merged.a).toBe('remote');
    expect(merged.notes).toBe(`n+r${NOTE_SEPARATOR}+l`);
  });

  it('lets a deletion win', () => {
    expect(threeWayMerge(base, { ...base, a: 'A' }, { ...base, _deleted: true })._deleted).toBe(true);
    expect(threeWayMerge(base, { ...base, _deleted: true }, { ...base, b: 'B' })._deleted).toBe(true);
  });

  it('is the same whichever client computes it', () => {
    const local = { ...base, a: 'L' };
    const remote = { ...base, a: 'R', b: 'B' };
    expect(threeWayMerge(base, local, remote)).toEqual(threeWayMerge(base, { ...local }, { ...remote }));
  });
});

describe('field strategies', () => {
  it('never drops either text', () => {
    expect(mergeText('', 'left', 'right')).toBe(`right${NOTE_SEPARATOR}left`);
    expect(mergeText('x', 'x and more', 'x')).toBe('x and more');
  });

  it('merges contacts by id: additions from both sides, removals honoured', () => {
    const c = (id: string, name: string) => ({ id, name });
    const merged = mergeById(
      [c('1', 'a'), c('2', 'b')],
      [c('1', 'a'), c('2', 'b'), c('3', 'new-local')],
      [c('1', 'A'), c('4', 'new-remote')],
    );
    expect(merged).toEqual([c('1', 'A'), c('4', 'new-remote'), c('3', 'new-local')]);
  });

  it('re-derives prospect search keys after a merge', () => {
    const p = { ...base, name: 'Old', nameKey: 'old', phone: '+74950000000', phoneKey: '74950000000' };
    const merged = mergeProspect(p, { ...p, name: 'Новое Имя' }, { ...p, phone: '+79120000000' });
    expect(merged.nameKey).toBe('новое имя');
    expect(merged.phoneKey).toBe('79120000000');
  });
});
