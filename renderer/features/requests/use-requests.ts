import type { MangoQuerySelector } from 'rxdb';
import { map } from 'rxjs';
import { defaultSettings, SETTINGS_ID } from '../../../shared/calling/defaults.ts';
import type { Prospect, RequestEvent, SalesRequest, Settings, User } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';

/**
 * The requests a selector picks (an index on `status` serves the tabs), newest first; null until
 * this selector's first result (never the result of the selector before).
 */
export function useRequests(db: LeadlineDatabase, selector: MangoQuerySelector<SalesRequest>): SalesRequest[] | null {
  const key = JSON.stringify(selector);
  const result = useLive(
    () =>
      db.requests.find({ selector, sort: [{ createdAt: 'desc' }] }).$.pipe(
        plainAll<SalesRequest>(),
        map((docs) => ({ key, docs })),
      ),
    [db, key],
  );
  return result?.key === key ? result.docs : null;
}

/** One request by id, wherever it is listed (a link opens it from any tab). */
export function useRequest(db: LeadlineDatabase, id: string | null): SalesRequest | null {
  return useLive(
    () => db.requests.findOne(id ?? '').$.pipe(map((d) => (d ? (d.toJSON() as SalesRequest) : null))),
    [db, id],
  );
}

/** The events of some requests (through the `requestId` index), or of every request when `ids` is null. */
export function useEvents(db: LeadlineDatabase, ids: readonly string[] | null): RequestEvent[] | null {
  const key = ids === null ? null : ids.toSorted().join(',');
  return useLive(
    () =>
      db.requestEvents
        .find(key === null ? {} : { selector: { requestId: { $in: key ? key.split(',') : [] } } })
        .$.pipe(plainAll<RequestEvent>()),
    [db, key],
  );
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
