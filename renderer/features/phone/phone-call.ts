import { type CallDial, type HangupSide, NO_DIAL, talkSeconds } from '../../../shared/telephony/call-events.ts';

/**
 * A call's events as the softphone sees them, turned into the call document's `dial`: plain
 * functions of (events so far, what just happened), so the rules are tested without a network.
 */
export type PhoneCallStatus = 'dialling' | 'ringing' | 'talking' | 'ended';

export interface PhoneCall {
  status: PhoneCallStatus;
  dial: CallDial;
  muted: boolean;
  held: boolean;
}

export function dialled(number: string, at: number): PhoneCall {
  return { status: 'dialling', dial: { ...NO_DIAL, number, dialledAt: at }, muted: false, held: false };
}

export function withCallId(call: PhoneCall, sipCallId: string): PhoneCall {
  return { ...call, dial: { ...call.dial, sipCallId } };
}

/** A provisional answer (180 Ringing, 183 Session Progress): the prospect's phone rings. */
export function ringing(call: PhoneCall): PhoneCall {
  return call.status === 'dialling' ? { ...call, status: 'ringing' } : call;
}

export function answered(call: PhoneCall, at: number): PhoneCall {
  if (call.status === 'ended' || call.dial.answeredAt) return call;
  return {
    ...call,
    status: 'talking',
    dial: { ...call.dial, answeredAt: Math.max(at, call.dial.dialledAt), sipCode: 200 },
  };
}

export interface Ending {
  at: number;
  /** JsSIP's originator: `local` (this desk), `remote` (the far end), `system` (a failure, a timeout). */
  originator: string;
  /** The SIP final response, when the call failed on one. */
  code?: number | undefined;
  cause: string;
}

/** The side that ended the call: the desk, the prospect (their BYE), or the network (a failure). */
function side(call: PhoneCall, ending: Ending): HangupSide {
  if (ending.originator === 'local') return 'operator';
  if (ending.originator === 'remote' && call.dial.answeredAt) return 'prospect';
  return 'network';
}

/**
 * The call ended: answered and hung up, refused by the network (486…), or cancelled by the desk while
 * it rang — the INVITE then ends in 487 Request Terminated, which suggests "No answer".
 */
export function ended(call: PhoneCall, ending: Ending): PhoneCall {
  if (call.status === 'ended') return call;
  const endedAt = Math.max(ending.at, call.dial.answeredAt, call.dial.dialledAt);
  const code = call.dial.answeredAt ? 200 : (ending.code ?? (ending.originator === 'local' ? 487 : 0));
  return {
    ...call,
    status: 'ended',
    muted: false,
    held: false,
    dial: {
      ...call.dial,
      endedAt,
      talkSeconds: talkSeconds(call.dial.answeredAt, endedAt),
      hangupBy: side(call, ending),
      sipCode: code,
      cause: ending.cause.slice(0, 100),
    },
  };
}

/** Seconds the clock shows: talk time once answered, ring time before; frozen when the call ended. */
export function clockSeconds(dial: CallDial, now: number): number {
  if (!dial.dialledAt) return 0;
  const end = dial.endedAt || now;
  const from = dial.answeredAt || dial.dialledAt;
  return Math.max(0, Math.floor((end - from) / 1000));
}
