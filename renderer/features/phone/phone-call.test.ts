import { describe, expect, it } from 'vitest';
import { callDialProblem, suggestedOutcome } from '../../../shared/telephony/call-events.ts';
import { answered, clockSeconds, dialled, ended, ringing, withCallId } from './phone-call.ts';

const T = 1_000_000;

describe('a call the softphone placed, as its events arrive', () => {
  it('answered and hung up by the operator: talk time from the answer, 200, the Call-ID', () => {
    let call = withCallId(dialled('84951110001', T), 'a84b4c76e66710@pc33');
    call = ringing(call);
    expect(call.status).toBe('ringing');
    call = answered(call, T + 4_000);
    expect(clockSeconds(call.dial, T + 6_500)).toBe(2);
    call = ended(call, { at: T + 7_200, originator: 'local', cause: 'Terminated' });
    expect(call.status).toBe('ended');
    expect(call.dial).toMatchObject({
      number: '84951110001',
      sipCallId: 'a84b4c76e66710@pc33',
      answeredAt: T + 4_000,
      endedAt: T + 7_200,
      talkSeconds: 3,
      hangupBy: 'operator',
      sipCode: 200,
    });
    // The clock stops with the call.
    expect(clockSeconds(call.dial, T + 60_000)).toBe(3);
    expect(callDialProblem(call.dial)).toBeNull();
    expect(suggestedOutcome(call.dial)).toBeNull();
  });

  it('the prospect hangs up: their side', () => {
    const call = ended(answered(dialled('1', T), T + 1_000), { at: T + 9_000, originator: 'remote', cause: 'BYE' });
    expect(call.dial).toMatchObject({ hangupBy: 'prospect', talkSeconds: 8 });
  });

  it('busy: the network’s 486 suggests Busy; nothing was said', () => {
    const call = ended(ringing(dialled('2', T)), { at: T + 300, originator: 'remote', code: 486, cause: 'Busy' });
    expect(call.dial).toMatchObject({ sipCode: 486, answeredAt: 0, talkSeconds: 0, hangupBy: 'network' });
    expect(suggestedOutcome(call.dial)).toBe('busy');
  });

  it('rang out: the desk cancelled it, 487 suggests No answer', () => {
    const call = ended(ringing(dialled('3', T)), { at: T + 30_000, originator: 'local', cause: 'Canceled' });
    expect(call.dial).toMatchObject({ sipCode: 487, hangupBy: 'operator' });
    expect(suggestedOutcome(call.dial)).toBe('no_answer');
    expect(clockSeconds(call.dial, T + 90_000)).toBe(30);
  });

  it('events after the end change nothing; a late answer is not taken', () => {
    const over = ended(dialled('4', T), { at: T + 100, originator: 'system', cause: 'Connection Error' });
    expect(answered(over, T + 200)).toBe(over);
    expect(ended(over, { at: T + 500, originator: 'remote', cause: 'BYE' })).toBe(over);
    expect(over.dial).toMatchObject({ hangupBy: 'network', sipCode: 0 });
    expect(suggestedOutcome(over.dial)).toBeNull();
  });

  it('a workstation clock that steps back never makes the events contradict each other', () => {
    const call = ended(answered(dialled('5', T), T - 500), { at: T - 1_000, originator: 'local', cause: 'Terminated' });
    expect(callDialProblem(call.dial)).toBeNull();
  });
});
