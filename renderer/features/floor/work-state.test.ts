import { describe, expect, it } from 'vitest';
import { NO_DIAL } from '../../../shared/telephony/call-events.ts';
import type { ActiveCall } from '../desk/active-call-store.ts';
import { workState } from './work-state.ts';

const call: ActiveCall = {
  prospectId: 'p',
  listId: '',
  callbackId: '',
  startedAt: 1,
  scriptDocId: '',
  run: null,
  notes: '',
  form: null,
};

describe('what the floor is told a workstation is doing', () => {
  it('idle or paused without a call', () => {
    expect(workState(null, undefined, false)).toBe('idle');
    expect(workState(null, undefined, true)).toBe('paused');
  });

  it('a call dialled by hand: on a call until an outcome is picked', () => {
    expect(workState(call, undefined, false)).toBe('on_call');
    expect(workState({ ...call, form: { kind: 'busy' } }, undefined, false)).toBe('wrap_up');
  });

  it('a call the softphone placed: ringing, talking, then wrap-up from its end', () => {
    expect(workState(call, 'dialling', false)).toBe('ringing');
    expect(workState(call, 'ringing', false)).toBe('ringing');
    expect(workState(call, 'talking', false)).toBe('talking');
    const over = { ...call, dial: { ...NO_DIAL, dialledAt: 5, answeredAt: 6, endedAt: 9, talkSeconds: 0 } };
    expect(workState(over, 'ended', false)).toBe('wrap_up');
    // Restored after a restart, the phone's call gone: the events still say it ended.
    expect(workState(over, undefined, false)).toBe('wrap_up');
  });
});
