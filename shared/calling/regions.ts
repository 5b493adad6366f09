/** Russian regions used in demo data and offered by forms, with their IANA time zones. */
export const RUSSIAN_TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Volgograd',
  'Europe/Samara',
  'Europe/Saratov',
  'Europe/Ulyanovsk',
  'Europe/Astrakhan',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
] as const;

/** The prospect's wall-clock time, so an operator never calls at 6 a.m. their time. */
export function localTime(timeZone: string, at: Date, locale: string): string {
  try {
    return at.toLocaleTimeString(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  } catch {
    return '—';
  }
}
