import type { CollectionName } from '../core/types.ts';

/**
 * What erasing a person's data removes: names, contacts and free text. Counts, dates, outcomes and
 * statuses stay, so the funnel, pay and SLA figures do not change. A prospect erased is also marked
 * "do not call": nobody is offered it again.
 */

type Doc = Record<string, unknown>;

export const ERASED_NAME = '—';

const HUMAN_EVENTS = new Set(['comment', 'escalation', 'escalation_resolved']);

/** The collections that hold data about a prospect besides the prospect itself. */
export const RELATED: readonly CollectionName[] = ['calls', 'callbacks', 'requests', 'requestEvents'];

export function withoutPersonalData(collection: CollectionName, doc: Doc): Doc {
  switch (collection) {
    case 'prospects':
      return {
        ...doc,
        name: ERASED_NAME,
        nameKey: '',
        phone: '',
        phoneKey: '',
        taxId: '',
        email: '',
        website: '',
        contacts: [],
        notes: '',
        expectedNeed: { ...(doc.expectedNeed as Doc), description: '', trigger: '' },
        status: 'do_not_call',
        claimedBy: '',
        claimedUntil: 0,
      };
    case 'calls':
      return { ...doc, notes: '', answers: [] };
    case 'callbacks':
      return { ...doc, note: '' };
    case 'requests':
      return { ...doc, contact: '', answers: [] };
    case 'requestEvents':
      return HUMAN_EVENTS.has(String(doc.kind)) ? { ...doc, text: '' } : doc;
    default:
      return doc;
  }
}
