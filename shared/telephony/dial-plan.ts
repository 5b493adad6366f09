/**
 * How an E.164 number becomes what the company's PBX dials. PBXs differ: some take `+7…` as is,
 * others want an outside-line digit, the national trunk prefix for home numbers (`8` in Russia,
 * `0` in most of Europe) and an international prefix (`810` or `00`) for the rest.
 */
export interface DialPlan {
  /** Dialled before everything else to get an outside line ('' for none; `9` on many PBXs). */
  outsidePrefix: string;
  /** Send the number in E.164 with its `+` (the PBX routes it); the prefixes below are then unused. */
  keepPlus: boolean;
  /** The company's own country calling code, digits only (`7` for Russia and Kazakhstan). */
  homeCountryCode: string;
  /** Dialled before a home number's national digits (`8` in Russia, `0` in Germany, '' in the US). */
  nationalPrefix: string;
  /** Dialled before the country code of a number abroad (`810`, `00`, `011`). */
  internationalPrefix: string;
}

export const DEFAULT_DIAL_PLAN: DialPlan = {
  outsidePrefix: '',
  keepPlus: true,
  homeCountryCode: '7',
  nationalPrefix: '8',
  internationalPrefix: '810',
};

const E164 = /^\+[1-9]\d{6,14}$/;
const DIGITS = /^\d*$/;

export type DialString = { ok: true; dial: string } | { ok: false; problem: string };

/** Whether a plan can be used; the first thing wrong with it, in words an admin can act on. */
export function dialPlanProblem(plan: DialPlan): string | null {
  if (!/^[\d*#]*$/.test(plan.outsidePrefix)) return 'The outside-line prefix may hold only digits, * and #';
  if (plan.keepPlus) return null;
  if (!/^[1-9]\d{0,2}$/.test(plan.homeCountryCode)) return 'The home country code is 1 to 3 digits';
  if (!DIGITS.test(plan.nationalPrefix)) return 'The national prefix may hold only digits';
  if (!/^\d{1,4}$/.test(plan.internationalPrefix)) return 'The international prefix is 1 to 4 digits';
  return null;
}

/**
 * The digits the PBX is asked to dial for `e164` (an extension is not part of it: it is sent as
 * DTMF once the switchboard answers). Russia and Kazakhstan share +7: with home code 7 a Kazakh
 * number is dialled as a home one, as their operators' own networks do.
 */
export function dialString(e164: string, plan: DialPlan): DialString {
  if (!E164.test(e164))
    return { ok: false, problem: `${e164 || 'An empty number'} is not an international number (+ and 7–15 digits)` };
  const planProblem = dialPlanProblem(plan);
  if (planProblem) return { ok: false, problem: planProblem };
  const digits = e164.slice(1);
  if (plan.keepPlus) return { ok: true, dial: `${plan.outsidePrefix}+${digits}` };
  if (digits.startsWith(plan.homeCountryCode))
    return {
      ok: true,
      dial: `${plan.outsidePrefix}${plan.nationalPrefix}${digits.slice(plan.homeCountryCode.length)}`,
    };
  return { ok: true, dial: `${plan.outsidePrefix}${plan.internationalPrefix}${digits}` };
}
