import type { ListCriteria, Prospect } from './types.ts';

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
