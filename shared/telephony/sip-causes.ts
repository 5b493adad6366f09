/**
 * What the network's answer to a call that was never answered suggests as its outcome; the
 * operator confirms it. Codes are SIP final responses (RFC 3261 and the ones PBXs send in practice).
 */
export type SuggestedOutcome = 'busy' | 'no_answer' | 'wrong_number';

const SUGGESTIONS: ReadonlyMap<number, SuggestedOutcome> = new Map([
  // Busy Here, Busy Everywhere.
  [486, 'busy'],
  [600, 'busy'],
  // Temporarily Unavailable (no answer, phone off), Request Timeout (rang out), Request Terminated
  // (we hung up while it rang), Decline from a phone that does not say it is busy.
  [480, 'no_answer'],
  [408, 'no_answer'],
  [487, 'no_answer'],
  [603, 'no_answer'],
  // Not Found, Address Incomplete, Does Not Exist Anywhere, Gone.
  [404, 'wrong_number'],
  [484, 'wrong_number'],
  [604, 'wrong_number'],
  [410, 'wrong_number'],
]);

/** The outcome a final response suggests, or null when it says nothing about the prospect (a PBX's own failure). */
export function outcomeForSipCode(code: number): SuggestedOutcome | null {
  return SUGGESTIONS.get(code) ?? null;
}
