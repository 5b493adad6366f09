import { describe, expect, it } from 'vitest';
import { DEFAULT_DIAL_PLAN, type DialPlan, dialPlanProblem, dialString } from './dial-plan.ts';
import { outcomeForSipCode } from './sip-causes.ts';

const russianPbx: DialPlan = {
  outsidePrefix: '9',
  keepPlus: false,
  homeCountryCode: '7',
  nationalPrefix: '8',
  internationalPrefix: '810',
};
const germanPbx: DialPlan = {
  outsidePrefix: '0',
  keepPlus: false,
  homeCountryCode: '49',
  nationalPrefix: '0',
  internationalPrefix: '00',
};

describe('dial plan: E.164 → what the PBX dials', () => {
  it.each([
    [DEFAULT_DIAL_PLAN, '+74953822851', '+74953822851'],
    [{ ...DEFAULT_DIAL_PLAN, outsidePrefix: '9' }, '+74953822851', '9+74953822851'],
    [russianPbx, '+74953822851', '984953822851'],
    [russianPbx, '+79123456789', '989123456789'],
    [russianPbx, '+77172123456', '987172123456'],
    [russianPbx, '+375291234567', '9810375291234567'],
    [germanPbx, '+493012345678', '003012345678'],
    [germanPbx, '+74953822851', '00074953822851'],
    [{ ...germanPbx, outsidePrefix: '' }, '+441632960123', '00441632960123'],
  ])('%o: %s → %s', (plan, e164, dial) => {
    expect(dialString(e164, plan)).toEqual({ ok: true, dial });
  });

  it.each(['', '84953822851', '+0123456789', '+7495', '+7495382285112345', '+7 495 382-28-51'])(
    'refuses %j with a reason',
    (e164) => {
      const result = dialString(e164, russianPbx);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(/international number/);
    },
  );

  it('says what is wrong with a plan, and dials nothing with it', () => {
    expect(dialPlanProblem(russianPbx)).toBeNull();
    expect(dialPlanProblem({ ...russianPbx, outsidePrefix: '9,' })).toMatch(/outside-line/);
    expect(dialPlanProblem({ ...russianPbx, homeCountryCode: '07' })).toMatch(/country code/);
    expect(dialPlanProblem({ ...russianPbx, nationalPrefix: '8a' })).toMatch(/national prefix/);
    expect(dialPlanProblem({ ...russianPbx, internationalPrefix: '' })).toMatch(/international prefix/);
    // With the + kept, the prefixes are not used, so they cannot be wrong.
    expect(dialPlanProblem({ ...russianPbx, keepPlus: true, internationalPrefix: '' })).toBeNull();
    expect(dialString('+74953822851', { ...russianPbx, homeCountryCode: 'x' })).toEqual({
      ok: false,
      problem: 'The home country code is 1 to 3 digits',
    });
  });
});

describe('the network answer → suggested outcome', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no_answer'],
    [408, 'no_answer'],
    [487, 'no_answer'],
    [404, 'wrong_number'],
    [484, 'wrong_number'],
    [604, 'wrong_number'],
  ])('%i suggests %s', (code, outcome) => {
    expect(outcomeForSipCode(code)).toBe(outcome);
  });

  it.each([200, 403, 500, 502, 503])('%i suggests nothing (not the prospect)', (code) => {
    expect(outcomeForSipCode(code)).toBeNull();
  });
});
