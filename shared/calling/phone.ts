/**
 * Phone normalisation to E.164. Russian numbers are written many ways (8 912 345-67-89,
 * +7 (912) 345 67 89, 7-912-...); all of them must map to the same key so duplicates are caught.
 */

const SEPARATORS = /[\s\-().\u00a0]/g;

/** Returns the E.164 form (`+79123456789`), or null when the text is not a plausible phone number. */
export function normalizePhone(input: string, defaultCountry: 'RU' = 'RU'): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const compact = trimmed.replace(SEPARATORS, '');
  if (!/^\+?[0-9]+$/.test(compact)) return null;
  const hasPlus = compact.startsWith('+');
  let digits = hasPlus ? compact.slice(1) : compact;
  if (!hasPlus && digits.startsWith('00')) digits = digits.slice(2);
  else if (!hasPlus && defaultCountry === 'RU') {
    // Domestic Russian forms: 8XXXXXXXXXX (trunk prefix) or a bare 10-digit national number.
    if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) digits = `7${digits.slice(1)}`;
    else if (digits.length === 10) digits = `7${digits}`;
    else return null;
  }
  if (digits.startsWith('7') && digits.length !== 11) return null;
  if (digits.length < 7 || digits.length > 15 || digits.startsWith('0')) return null;
  return `+${digits}`;
}

/** Digits of an E.164 number, the key stored in `phoneKey`. */
export function phoneKey(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * Turns what a user typed into the search box into a prefix of `phoneKey`, or null when it is
 * not a phone query. Partial numbers work: "8 912 34" -> "791234".
 */
export function phoneSearchPrefix(input: string): string | null {
  const compact = input.trim().replace(SEPARATORS, '');
  if (!/^\+?[0-9]{3,}$/.test(compact)) return null;
  if (compact.startsWith('+')) return compact.slice(1);
  if (compact.startsWith('8') || compact.startsWith('7')) return `7${compact.slice(1)}`;
  // A national number without its country code, e.g. "912 345".
  if (compact.startsWith('9') || compact.startsWith('3') || compact.startsWith('4')) return `7${compact}`;
  return compact;
}

/** Formats an E.164 Russian number for people: +7 912 345-67-89. Other numbers are returned as they are. */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : e164;
}
