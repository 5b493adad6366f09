import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone, parsePhone, phoneSearchPrefixes, zoneFromPhone } from './phone.ts';

/** tests/fixtures/phones.tsv: real-shaped numbers (RU, KZ, BY, UA, UZ, the rest of the CIS, extensions, toll-free, garbage). */
const TABLE = readFileSync(new URL('../../tests/fixtures/phones.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string, string, string, string]);

describe('phone numbers as real files carry them', () => {
  it('the table holds at least 60 numbers, refused ones among them', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    expect(TABLE.filter(([, e164]) => e164 === '-').length).toBeGreaterThanOrEqual(5);
    expect(new Set(TABLE.map(([, e164]) => e164.slice(0, 4))).size).toBeGreaterThan(10);
  });

  it.each(TABLE)('%s → %s %s %s %s', (input, e164, extOrProblem, type, zone) => {
    const parsed = parsePhone(input);
    if (e164 === '-') {
      expect(parsed).toEqual({ ok: false, problem: extOrProblem });
      return;
    }
    expect(parsed).toMatchObject({ ok: true, phone: { e164, ext: extOrProblem, type } });
    expect(zoneFromPhone(e164) ?? '').toBe(zone);
  });
});

describe('normalizePhone', () => {
  it('is the E.164 form or null', () => {
    expect(normalizePhone('8 912 345-67-89')).toBe('+79123456789');
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone('+7 000 000-00-00')).toBeNull();
  });
});

describe('formatPhone', () => {
  it('writes Russian numbers the Russian way, others in their own format, the extension after', () => {
    expect(formatPhone('+79123456789')).toBe('+7 912 345-67-89');
    expect(formatPhone('+74951234567', '123')).toBe('+7 495 123-45-67 доб. 123');
    expect(formatPhone('+74951234567', '123', 'en')).toBe('+7 495 123-45-67 ext. 123');
    expect(formatPhone('+375291234567')).toBe('+375 29 123 45 67');
    // What it writes reads back to the same number.
    expect(normalizePhone(formatPhone('+998901234567'))).toBe('+998901234567');
    expect(parsePhone(formatPhone('+74951234567', '123'))).toMatchObject({ ok: true, phone: { ext: '123' } });
  });
});

describe('phoneSearchPrefixes', () => {
  it('reads partial input in any format as key prefixes, with and without the country code', () => {
    expect(phoneSearchPrefixes('8 912 34')).toContain('791234');
    expect(phoneSearchPrefixes('+7 (912)')).toEqual(['7912']);
    expect(phoneSearchPrefixes('912-34')).toContain('791234');
    expect(phoneSearchPrefixes('375 29 123')).toContain('37529123');
    expect(phoneSearchPrefixes('80 29 123')).toContain('37529123');
    expect(phoneSearchPrefixes('+998 90')).toEqual(['99890']);
    expect(phoneSearchPrefixes('ООО')).toBeNull();
  });
});
