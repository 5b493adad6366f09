/**
 * Time zones and wall-clock arithmetic without a date library: Intl knows every IANA zone's rules.
 * Russia spans 11 zones; a prospect's calling window and callback times are in their zone.
 */

/** Geographic area codes (ABC) of Russian numbers, by zone. Mobile (9xx) codes say nothing of place. */
const AREA_CODES: Record<string, readonly string[]> = {
  'Europe/Kaliningrad': ['401'],
  'Europe/Moscow': [
    '495',
    '499',
    '812',
    '813',
    '814',
    '815',
    '816',
    '817',
    '818',
    '820',
    '821',
    '831',
    '833',
    '834',
    '835',
    '836',
    '841',
    '843',
    '861',
    '862',
    '863',
    '865',
    '866',
    '867',
    '871',
    '872',
    '873',
    '877',
    '878',
    '879',
    '471',
    '472',
    '473',
    '474',
    '475',
    '481',
    '482',
    '483',
    '484',
    '485',
    '486',
    '487',
    '491',
    '492',
    '493',
    '494',
    '496',
    '498',
    '811',
    '855',
    '856',
    '857',
    '869',
  ],
  // Udmurtia (341) keeps Samara time, UTC+4.
  'Europe/Samara': ['846', '848', '341'],
  'Europe/Ulyanovsk': ['842'],
  'Europe/Volgograd': ['844'],
  'Europe/Saratov': ['845'],
  'Europe/Astrakhan': ['851'],
  'Asia/Yekaterinburg': ['343', '345', '346', '347', '349', '351', '352', '353', '342'],
  'Asia/Omsk': ['381'],
  'Asia/Novosibirsk': ['383', '382', '385', '388'],
  'Asia/Krasnoyarsk': ['391', '384', '390', '394'],
  'Asia/Irkutsk': ['395', '301'],
  'Asia/Yakutsk': ['411', '302', '416'],
  'Asia/Vladivostok': ['423', '421', '426'],
  // Sakhalin is an hour ahead of Vladivostok, UTC+11.
  'Asia/Sakhalin': ['424'],
  'Asia/Magadan': ['413'],
  'Asia/Kamchatka': ['415', '427'],
};

const ZONE_BY_CODE = new Map<string, string>();
for (const [zone, codes] of Object.entries(AREA_CODES))
  for (const code of codes) if (!ZONE_BY_CODE.has(code)) ZONE_BY_CODE.set(code, zone);

export const DEFAULT_ZONE = 'Europe/Moscow';

/** The zone of a Russian landline by its area code; null for mobiles (phone.ts reads other countries). */
export function russianAreaZone(e164: string): string | null {
  const m = /^\+7(\d{3})/.exec(e164);
  return m ? (ZONE_BY_CODE.get(m[1] ?? '') ?? null) : null;
}

const ZONE_NAME = /^(UTC|[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2})$/;
const zoneChecks = new Map<string, boolean>();

/**
 * An IANA zone name this engine knows (`Europe/Moscow`, `UTC`). Offsets such as `+03:00`, which
 * newer engines also accept, are refused: an older workstation would fail on them.
 */
export function isValidZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.length > 64 || !ZONE_NAME.test(zone)) return false;
  let ok = zoneChecks.get(zone);
  if (ok === undefined) {
    try {
      ok = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone !== '';
    } catch {
      ok = false;
    }
    if (zoneChecks.size < 1000) zoneChecks.set(zone, ok);
  }
  return ok;
}

/** A zone to compute with: `zone` when it is valid, otherwise the company's default. */
export function safeZone(zone: unknown): string {
  return isValidZone(zone) ? (zone as string) : DEFAULT_ZONE;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  // A bad zone stored by an older or hostile client must not break every screen that shows a time.
  zone = safeZone(zone);
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock in `zone` at the UTC instant `at`. */
export function wallClock(at: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(at))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The UTC instant when the wall clock in `zone` shows the given date and time. */
export function zonedToUtc(
  date: { year: number; month: number; day: number },
  time: { hour: number; minute: number },
  zone: string,
): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // The zone's offset at the guessed instant; a second pass settles DST edges (Russia has none now).
  let utc = guess;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(utc, zone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    utc = utc + (guess - shown);
  }
  return utc;
}

/** `HH:MM` to minutes after midnight. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether `at` falls inside the daily window [from, to) on a calling day in the prospect's zone: one
 * of `weekdays` or of `workdays` (a working Saturday), and not one of `holidays` (`YYYY-MM-DD`).
 */
export function inCallingWindow(
  at: number,
  zone: string,
  window: {
    from: string;
    to: string;
    weekdays?: readonly number[];
    holidays?: readonly string[];
    workdays?: readonly string[];
  },
): boolean {
  const w = wallClock(at, zone);
  const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  if (window.holidays?.includes(date)) return false;
  const weekday = !window.weekdays || window.weekdays.length === 0 || window.weekdays.includes(w.weekday);
  if (!weekday && !window.workdays?.includes(date)) return false;
  const minutes = w.hour * 60 + w.minute;
  return minutes >= clockMinutes(window.from) && minutes < clockMinutes(window.to);
}
