import { map } from 'rxjs';
import { defaultSettings, SETTINGS_ID } from '../../../shared/calling/defaults.ts';
import type { Prospect, RequestEvent, SalesRequest, Settings, User } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';

export function useRequests(db: LeadlineDatabase): SalesRequest[] | null {
  return useLive(() => db.requests.find({ sort: [{ createdAt: 'desc' }] }).$.pipe(plainAll<SalesRequest>()), [db]);
}

export function useAllEvents(db: LeadlineDatabase): RequestEvent[] | null {
  return useLive(() => db.requestEvents.find().$.pipe(plainAll<RequestEvent>()), [db]);
}

export function useSettings(db: LeadlineDatabase): Settings {
  return (
    useLive(
      () => db.settings.findOne(SETTINGS_ID).$.pipe(map((d) => (d ? (d.toJSON() as Settings) : defaultSettings(0)))),
      [db],
    ) ?? defaultSettings(0)
  );
}

export function useUsers(db: LeadlineDatabase): Map<string, User> {
  return (
    useLive(() => db.users.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as User])))), [db]) ??
    new Map()
  );
}

export function useProspectsById(db: LeadlineDatabase, ids: readonly string[]): Map<string, Prospect> {
  const key = ids.toSorted().join(',');
  return (
    useLive(
      () =>
        db.prospects
          .findByIds(key ? key.split(',') : [])
          .$.pipe(map((m) => new Map([...m].map(([id, d]) => [id, d.toJSON() as Prospect])))),
      [db, key],
    ) ?? new Map()
  );
}
