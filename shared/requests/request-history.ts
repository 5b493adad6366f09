import type { RequestEvent } from '../core/types.ts';

/**
 * The escalation still waiting for the head's decision, if any. A resolution names the escalation it
 * answers, so this holds whatever the clocks of the operator's and the head's machines say.
 */
export function openEscalation(events: readonly RequestEvent[]): RequestEvent | null {
  const resolved = new Set(events.filter((e) => e.kind === 'escalation_resolved').map((e) => e.refId));
  const open = events.filter((e) => e.kind === 'escalation' && !resolved.has(e.id));
  return open.toSorted((a, b) => b.createdAt - a.createdAt)[0] ?? null;
}

export const RESOLUTIONS = ['prod', 'reassign', 'dismiss'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** A history entry written by a person (comment, escalation, resolution). */
export function historyEntry(
  fields: Pick<RequestEvent, 'requestId' | 'operatorId' | 'authorId' | 'kind' | 'text'> & {
    toStatus?: string;
    refId?: string;
  },
  now: number,
  id: string,
): RequestEvent {
  return {
    id,
    createdAt: now,
    updatedAt: now,
    fromStatus: '',
    ...fields,
    toStatus: fields.toStatus ?? '',
    refId: fields.refId ?? '',
  };
}
