import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { russianAreaZone } from './zones.ts';

/**
 * Phone numbers as people write them in Russia and the CIS, read with libphonenumber-js (the `max`
 * metadata: real number ranges and types). One number has one key (E.164 digits), so duplicates are
 * caught however it was written: 8 912 345-67-89, +7 (912) 345 67 89, 79123456789.
 */

export type PhoneType = 'mobile' | 'fixed' | 'fixed_or_mobile' | 'toll_free' | 'other';

export interface Phone {
  /** `+79123456789`. */
  e164: string;
  /** The extension, digits only ('' for none): "доб. 123", "ext 12", "x5". */
  ext: string;
  /** ISO country of the number (`RU`, `KZ`, `BY`…); '' when the plan does not say. */
  country: string;
  type: PhoneType;
}

/** Why a text is not a phone number: it has no number in it, or the number cannot exist. */
export type PhoneProblem = 'unreadable' | 'impossible';

export type ParsedPhone = { ok: true; phone: Phone } | { ok: false; problem: PhoneProblem };

/** An extension longer than this is not one (the schema keeps at most this many digits). */
export const MAX_EXT = 10;

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g;
/** "вн. 45", "внутр. 45", "добавочный 45": the extension words libphonenumber does not know. */
const EXTENSION_WORDS = /(?<!\p{L})(?:вн(?:утр(?:енний)?)?|добавочный)\.?/giu;
/** "(Иван)", "(бухгалтерия)": words in brackets are a note, not digits of the number. */
const NOTE_IN_BRACKETS = /\([^()]*\p{L}{2,}[^()]*\)/gu;

/** The text as plain ASCII punctuation: full-width digits, long dashes and odd spaces made ordinary. */
function tidy(input: string): string {
  return input
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .replace(NOTE_IN_BRACKETS, ' ')
    .replace(EXTENSION_WORDS, ' доб. ')
    .replace(/^[^+\d(]*/, '') // "тел.:", "моб." before the number
    .trim();
}

const TYPES: Record<string, PhoneType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed_or_mobile',
  TOLL_FREE: 'toll_free',
};

function read(text: string, country?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
  } catch {
    return undefined;
  }
}

/**
 * Reads a phone number. In order: as written in Russia (8…, +7…, a bare 10-digit number); digits
 * without "+" as an international number (375…, 380…, 998…); a Belarusian (8 0xx…) or Ukrainian
 * (0xx…) domestic number. The first reading that is a real number wins; a number that only looks like
 * one (+7 000 000-00-00) is refused.
 */
export function parsePhone(input: string): ParsedPhone | null {
  const text = tidy(input);
  if (!text) return input.trim() ? { ok: false, problem: 'unreadable' } : null;
  const digits = text.replace(/\D/g, '');
  const attempts: [string, CountryCode?][] = [[text, 'RU']];
  if (!text.startsWith('+')) {
    attempts.push([`+${text.replace(/^[\s(]*00/, '')}`]);
    if (/^80\d{9}/.test(digits)) attempts.push([text, 'BY']);
    if (/^0\d{9}/.test(digits)) attempts.push([text, 'UA']);
  }
  let possible = false;
  for (const [candidate, country] of attempts) {
    const n = read(candidate, country);
    if (!n) continue;
    possible ||= n.isPossible();
    if (!n.isValid()) continue;
    const ext = (n.ext ?? '').replace(/\D/g, '');
    if (ext.length > MAX_EXT) return { ok: false, problem: 'unreadable' };
    return {
      ok: true,
      phone: { e164: n.number, ext, country: n.country ?? '', type: TYPES[n.getType() ?? ''] ?? 'other' },
    };
  }
  return { ok: false, problem: possible || digits.length >= 10 ? 'impossible' : 'unreadable' };
}

/** The E.164 form (`+79123456789`), or null when the text holds no real phone number. */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhone(input);
  return parsed?.ok ? parsed.phone.e164 : null;
}

/** Digits of an E.164 number, the key stored in `phoneKey`. */
export function phoneKey(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * What a search for a number typed any way may match in `phoneKey`: prefixes of the key. "8 912 34"
 * → 791234; "912 345" → 7912345; "375 29 123" → 37529123 (and the +7 reading, which finds nothing);
 * "+998 90" → 99890. Null when the text is not a phone query.
 */
export function phoneSearchPrefixes(input: string): string[] | null {
  const compact = tidy(input).replace(/[\s\-().]/g, '');
  if (!/^\+?[0-9]{3,}$/.test(compact)) return null;
  if (compact.startsWith('+')) return [compact.slice(1)];
  if (compact.startsWith('00')) return [compact.slice(2)];
  if (compact.startsWith('8')) return [`7${compact.slice(1)}`, `375${compact.slice(2)}`, compact];
  if (compact.startsWith('7')) return [compact];
  return [`7${compact}`, compact];
}

/**
 * A number for people: Russian numbers as +7 912 345-67-89, others in their country's international
 * format; the extension after "доб." (Russian) or "ext." (English).
 */
export function formatPhone(e164: string, ext = '', language: 'ru' | 'en' = 'ru'): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  const main = m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : (read(e164)?.formatInternational() ?? e164);
  return ext ? `${main} ${language === 'ru' ? 'доб.' : 'ext.'} ${ext}` : main;
}

/**
 * What click-to-call hands the OS: `tel:+74951234567;ext=123` (RFC 3966: the softphone dials the
 * extension after the answer), or `sip:+74951234567` (the operator keys the extension in).
 */
export function dialUri(scheme: 'tel' | 'sip', e164: string, ext = ''): string {
  return scheme === 'tel' && ext ? `tel:${e164};ext=${ext}` : `${scheme}:${e164}`;
}

/** Zones of the CIS countries whose numbers an information department calls. */
const COUNTRY_ZONES: Record<string, string> = {
  KZ: 'Asia/Almaty',
  UZ: 'Asia/Tashkent',
  KG: 'Asia/Bishkek',
  TJ: 'Asia/Dushanbe',
  TM: 'Asia/Ashgabat',
  BY: 'Europe/Minsk',
  UA: 'Europe/Kyiv',
  MD: 'Europe/Chisinau',
  AM: 'Asia/Yerevan',
  AZ: 'Asia/Baku',
  GE: 'Asia/Tbilisi',
};

/**
 * The zone a number tells: a Russian landline by its area code, a CIS number by its country; null
 * for Russian mobiles and toll-free numbers (they say nothing of place) and for other countries.
 */
export function zoneFromPhone(e164: string): string | null {
  const country = read(e164)?.country ?? '';
  if (country === 'RU' || (country === '' && e164.startsWith('+7'))) return russianAreaZone(e164);
  return COUNTRY_ZONES[country] ?? null;
}
