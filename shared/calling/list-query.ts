import type { CallList, ListCriteria, Prospect } from '../core/types.ts';

const DAY = 86_400_000;

export function emptyCriteria(): ListCriteria {
  return {
    regions: [],
    industries: [],
    statuses: [],
    futureNeedWithinDays: 0,
    minAttempts: 0,
    lastOutcome: '',
    notCalledForDays: 0,
  };
}

/** Whether the criteria filter anything at all (a list without them holds only what was imported). */
export function hasCriteria(c: ListCriteria): boolean {
  return (
    c.regions.length + c.industries.length + c.statuses.length > 0 ||
    c.futureNeedWithinDays > 0 ||
    c.minAttempts > 0 ||
    c.lastOutcome !== '' ||
    c.notCalledForDays > 0
  );
}

/** The "earlier results" query: a prospect matches when it passes every filter that is set. */
export function matchesCriteria(p: Prospect, c: ListCriteria, now: number): boolean {
  if (c.regions.length > 0 && !c.regions.includes(p.region)) return false;
  if (c.industries.length > 0 && !c.industries.includes(p.industry)) return false;
  if (c.statuses.length > 0 && !c.statuses.includes(p.status)) return false;
  if (c.futureNeedWithinDays > 0) {
    if (!p.expectedNeed.date) return false;
    const at = Date.parse(`${p.expectedNeed.date}T00:00:00Z`);
    if (!(at >= now - DAY && at <= now + c.futureNeedWithinDays * DAY)) return false;
  }
  if (c.minAttempts > 0 && p.attempts < c.minAttempts) return false;
  if (c.lastOutcome && p.lastOutcome !== c.lastOutcome) return false;
  if (c.notCalledForDays > 0 && p.lastCallAt > now - c.notCalledForDays * DAY) return false;
  return true;
}

/**
 * A new call list with the defaults a head of department starts from: active, open-ended, called
 * 09:00–19:00 in the prospect's zone, five attempts two hours apart.
 */
export function newCallList(
  fields: Pick<CallList, 'id' | 'createdAt' | 'name' | 'source'> & Partial<CallList>,
): CallList {
  return {
    updatedAt: fields.createdAt,
    description: '',
    criteria: emptyCriteria(),
    assigneeIds: [],
    assigneeTeams: [],
    priority: 50,
    callWindow: { from: '09:00', to: '19:00' },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    active: true,
    activeFrom: '',
    activeTo: '',
    scriptId: '',
    autoDialSeconds: 0,
    ...fields,
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a list's working settings, by field (message keys); empty when it can be saved. */
export function listSettingsErrors(list: CallList): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!list.name.trim()) errors.name = 'error.required';
  if (!Number.isInteger(list.priority) || list.priority < 0 || list.priority > 100) errors.priority = 'error.invalid';
  if (!CLOCK.test(list.callWindow.from)) errors.windowFrom = 'error.invalid';
  if (!CLOCK.test(list.callWindow.to)) errors.windowTo = 'error.invalid';
  else if (!errors.windowFrom && list.callWindow.to <= list.callWindow.from) errors.windowTo = 'error.windowOrder';
  const { maxAttempts, delayMinutes } = list.retry;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 50) errors.maxAttempts = 'error.invalid';
  if (!Number.isInteger(delayMinutes) || delayMinutes < 1 || delayMinutes > 100000)
    errors.delayMinutes = 'error.invalid';
  const pause = list.autoDialSeconds;
  if (!Number.isInteger(pause) || pause < 0 || pause > 600) errors.autoDialSeconds = 'error.invalid';
  if (list.activeFrom && !DATE.test(list.activeFrom)) errors.activeFrom = 'error.invalid';
  if (list.activeTo && !DATE.test(list.activeTo)) errors.activeTo = 'error.invalid';
  else if (list.activeFrom && list.activeTo && list.activeTo < list.activeFrom) errors.activeTo = 'error.dateOrder';
  return errors;
}
