import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone, phoneSearchPrefix } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    '8 912 345-67-89',
    '+7 (912) 345 67 89',
    '89123456789',
    '7-912-345-67-89',
    '+79123456789',
    '(912) 345-67-89',
    '8(912)345.67.89',
    '8\u00a0912\u00a0345\u00a067\u00a089',
  ])('maps %s to one E.164 key', (input) => {
    expect(normalizePhone(input)).toBe('+79123456789');
  });

  it('keeps foreign numbers with their country code', () => {
    expect(normalizePhone('+375 29 123-45-67')).toBe('+375291234567');
    expect(normalizePhone('00375291234567')).toBe('+375291234567');
  });

  it.each(['', 'abc', '12345', '8 912 345', '+7 912 345 67 899', '+0 123 4567'])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('formats for people', () => {
    expect(formatPhone('+79123456789')).toBe('+7 912 345-67-89');
  });
});

describe('phoneSearchPrefix', () => {
  it('turns partial input in any format into a key prefix', () => {
    expect(phoneSearchPrefix('8 912 34')).toBe('791234');
    expect(phoneSearchPrefix('+7 (912)')).toBe('7912');
    expect(phoneSearchPrefix('912-34')).toBe('791234');
    expect(phoneSearchPrefix('ООО')).toBeNull();
  });
});
