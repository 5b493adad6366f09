import { describe, expect, it } from 'vitest';
import { isValidTaxId, buildProspect, emptyProspectInput, rebaseInput } from '../calling/prospect.ts';
import { schemas } from './index.ts';
import { planSearch } from '../calling/search.ts';
import { validate } from './validate.ts';

describe('schemas', () => {
  it('follow the RxDB rules: indexed fields required and bounded', () => {
    for (const schema of Object.values(schemas)) {
      for (const index of schema.indexes ?? []) {
        for (const field of Array.isArray(index) ? index : [index]) {
          const def = schema.properties[field];
          expect(schema.required, `${schema.title}.${field}`).toContain(field);
          if (def?.type === 'string') expect(def.maxLength, `${schema.title}.${field}`).toBeLessThanOrEqual(2048);
          if (def?.type === 'number' || def?.type === 'integer') {
            expect(def.multipleOf && def.maximum !== undefined && def.minimum !== undefined).toBeTruthy();
          }
        }
      }
      expect(Object.keys(schema.properties).some((k) => k.startsWith('_'))).toBe(false);
    }
  });

  it('reports every issue with its path', () => {
    const issues = validate(schemas.users, {
      id: 'x',
      createdAt: 1,
      updatedAt: 1,
      username: '',
      name: 'n',
      role: 'boss',
      team: '',
      active: 'yes',
    });
    expect(issues.map((i) => i.path).toSorted()).toEqual(['active', 'role', 'username']);
  });
});

describe('prospect form rules', () => {
  it('checks INN check digits', () => {
    expect(isValidTaxId('7707083893')).toBe(true);
    expect(isValidTaxId('7707083894')).toBe(false);
    expect(isValidTaxId('500100732259')).toBe(true);
  });

  it('returns field errors and builds nothing from bad input', () => {
    const r = buildProspect(
      { ...emptyProspectInput(), name: ' ', phone: '123', taxId: '1234567890', email: 'no' },
      { id: 'x', actorId: 'a', now: 1 },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).toSorted()).toEqual(['email', 'name', 'phone', 'taxId']);
  });

  it('normalises and derives keys', () => {
    const r = buildProspect(
      { ...emptyProspectInput(), name: 'ООО «Ёлка»', phone: '8 912 345 67 89' },
      { id: 'x', actorId: 'a', now: 1 },
    );
    expect(r.ok && r.prospect).toMatchObject({ phone: '+79123456789', phoneKey: '79123456789', nameKey: 'елка' });
  });
});

describe('planSearch', () => {
  it('routes text to the name index and digits to phone and tax id', () => {
    expect(planSearch('Ёлк')).toEqual({ kind: 'name', prefix: 'елк' });
    expect(planSearch('ООО «Ёлк')).toEqual({ kind: 'name', prefix: 'елк' });
    expect(planSearch('8 912')).toEqual({
      kind: 'digits',
      phonePrefixes: ['7912', '37512', '8912'],
      taxIdPrefix: '8912',
    });
    expect(planSearch('375 29 123')).toMatchObject({ phonePrefixes: ['737529123', '37529123'] });
    expect(planSearch('  ')).toEqual({ kind: 'all' });
  });
});

describe('rebaseInput', () => {
  it('takes new values for untouched fields and keeps what the user typed', () => {
    const before = { ...emptyProspectInput(), name: 'A', industry: 'old', notes: '' };
    const current = { ...before, notes: 'typing…' };
    const after = { ...before, industry: 'new', notes: 'remote note' };
    expect(rebaseInput(current, before, after)).toEqual({ ...before, industry: 'new', notes: 'typing…' });
  });
});
