import type { OutcomeForm } from '../../../shared/calling/outcomes.ts';
import type { CallOutcome } from '../../../shared/core/types.ts';

/** Every outcome with its one key (with Alt, so it works while typing notes). */
export const OUTCOME_KEYS: readonly { kind: CallOutcome; key: string }[] = [
  { kind: 'request', key: 'r' },
  { kind: 'future_need', key: 'f' },
  { kind: 'callback', key: 'c' },
  { kind: 'no_answer', key: 'a' },
  { kind: 'busy', key: 'b' },
  { kind: 'not_interested', key: 'i' },
  { kind: 'wrong_number', key: 'w' },
  { kind: 'do_not_call', key: 'd' },
];

export function emptyForm(kind: CallOutcome): OutcomeForm {
  switch (kind) {
    case 'request':
      return { kind, need: '', volume: '', site: '', deadline: '', budget: 0, contact: '' };
    case 'future_need':
      return { kind, period: '', precision: 'month', confidence: 50, trigger: '', description: '' };
    case 'callback':
      return { kind, date: '', time: '10:00' };
    case 'not_interested':
      return { kind, reason: '' };
    default:
      return { kind };
  }
}
