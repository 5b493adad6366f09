import type { Callback } from '../../shared/core/types.ts';

/** An open callback for the benches' seeds: what each bench varies, the rest as a new callback has it. */
export function openCallback(
  fields: Pick<Callback, 'id' | 'prospectId' | 'dueAt' | 'assigneeId'> & Partial<Callback>,
): Callback & Record<string, unknown> & { _deleted: false } {
  return {
    createdAt: Date.now(),
    updatedAt: Date.now(),
    timeZone: 'Europe/Moscow',
    reason: 'retry',
    scope: 'personal',
    createdBy: fields.assigneeId,
    done: false,
    doneAt: 0,
    askedFor: 0,
    outsideHoursAllowedAt: 0,
    note: '',
    ...fields,
    _deleted: false,
  };
}
