import { describe, expect, it } from 'vitest';
import { type AutoDial, autoDialStep } from './desk-phone.ts';

const T = 1_000_000;
const base: AutoDial = {
  autoDialAt: T + 5_000,
  dialled: false,
  paused: false,
  ready: true,
  live: false,
  inHours: () => true,
};

describe('progressive dialing', () => {
  it('counts down the list’s pause, then dials', () => {
    expect(autoDialStep(T, base)).toEqual({ step: 'wait', seconds: 5 });
    expect(autoDialStep(T + 4_100, base)).toEqual({ step: 'wait', seconds: 1 });
    expect(autoDialStep(T + 5_000, base)).toEqual({ step: 'dial' });
  });

  it('never outside the calling hours in the prospect’s zone', () => {
    expect(autoDialStep(T + 5_000, { ...base, inHours: () => false })).toEqual({ step: 'outside_hours' });
  });

  it('never while a call is up: it waits for it to end', () => {
    expect(autoDialStep(T + 9_000, { ...base, live: true })).toEqual({ step: 'wait', seconds: 0 });
  });

  it('not when paused, dialled already, without a registered phone, or with no pause set for the list', () => {
    expect(autoDialStep(T + 9_000, { ...base, paused: true })).toEqual({ step: 'off' });
    expect(autoDialStep(T + 9_000, { ...base, dialled: true })).toEqual({ step: 'off' });
    expect(autoDialStep(T + 9_000, { ...base, ready: false })).toEqual({ step: 'off' });
    expect(autoDialStep(T + 9_000, { ...base, autoDialAt: 0 })).toEqual({ step: 'off' });
  });
});
