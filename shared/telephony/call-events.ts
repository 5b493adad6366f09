import { outcomeForSipCode, type SuggestedOutcome } from './sip-causes.ts';

export const HANGUP_SIDES = ['', 'operator', 'prospect', 'network'] as const;
export type HangupSide = (typeof HANGUP_SIDES)[number];

/**
 * What the network said of a call the desk's softphone placed, kept on the call document. A call
 * dialled by hand (the OS's softphone, a desk phone) has none: every field empty.
 */
export interface CallDial {
  /** What was dialled: the dial string the PBX got. */
  number: string;
  /** The SIP Call-ID: how the PBX's records (and its recording) name this call. */
  sipCallId: string;
  dialledAt: number;
  /** 0: never answered. */
  answeredAt: number;
  endedAt: number;
  /** Whole seconds from the answer to the end (0 when never answered). */
  talkSeconds: number;
  /** Who ended it: the operator, the prospect, or the network (a failure, a timeout). */
  hangupBy: HangupSide;
  /** The SIP final response to the INVITE: 200 when answered, 486 for busy…; 0 when none came. */
  sipCode: number;
  /** The cause in words (`Busy`, `No Answer`, `BYE`, `Canceled`). */
  cause: string;
}

export const NO_DIAL: CallDial = {
  number: '',
  sipCallId: '',
  dialledAt: 0,
  answeredAt: 0,
  endedAt: 0,
  talkSeconds: 0,
  hangupBy: '',
  sipCode: 0,
  cause: '',
};

export function talkSeconds(answeredAt: number, endedAt: number): number {
  return answeredAt > 0 && endedAt >= answeredAt ? Math.round((endedAt - answeredAt) / 1000) : 0;
}

/** What a finished call suggests as its outcome: nothing once answered (the talk decides). */
export function suggestedOutcome(dial: CallDial): SuggestedOutcome | null {
  if (!dial.dialledAt || dial.answeredAt > 0) return null;
  return outcomeForSipCode(dial.sipCode);
}

/** What is wrong with a call's events (the server refuses such a call); null when they hold together. */
export function callDialProblem(dial: CallDial): string | null {
  if (!dial.dialledAt) {
    const empty = !dial.number && !dial.sipCallId && !dial.answeredAt && !dial.endedAt && !dial.talkSeconds;
    return empty ? null : 'call events without the time the call was dialled';
  }
  if (dial.answeredAt && dial.answeredAt < dial.dialledAt) return 'answered before it was dialled';
  if (dial.endedAt && dial.endedAt < Math.max(dial.dialledAt, dial.answeredAt)) return 'ended before it began';
  const expected = dial.endedAt ? talkSeconds(dial.answeredAt, dial.endedAt) : 0;
  if (dial.talkSeconds !== expected) return `talk seconds ${dial.talkSeconds} are not the answered span (${expected})`;
  return null;
}
