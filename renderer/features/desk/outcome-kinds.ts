import type { OutcomeForm } from '../../../shared/calling/outcomes.ts';
import type { CallOutcome } from '../../../shared/core/types.ts';

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
