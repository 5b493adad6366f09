import { useEffect, useState } from 'react';
import type { Prospect, User } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { searchProspects$ } from './search.ts';

export function useProspectSearch(db: LeadlineDatabase, query: string, limit: number): Prospect[] | null {
  const [items, setItems] = useState<Prospect[] | null>(null);
  useEffect(() => {
    const sub = searchProspects$(db, query, limit).subscribe(setItems);
    return () => sub.unsubscribe();
  }, [db, query, limit]);
  return items;
}

export function useProspectCount(db: LeadlineDatabase): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const sub = db.prospects.count().$.subscribe(setCount);
    return () => sub.unsubscribe();
  }, [db]);
  return count;
}

export function useProspect(db: LeadlineDatabase, id: string | null): Prospect | null {
  const [prospect, setProspect] = useState<Prospect | null>(null);
  useEffect(() => {
    if (!id) return;
    const sub = db.prospects.findOne(id).$.subscribe((doc) => setProspect(doc ? (doc.toJSON() as Prospect) : null));
    return () => sub.unsubscribe();
  }, [db, id]);
  // Until the query for a new id answers, the previous prospect must not show under it.
  return prospect && prospect.id === id ? prospect : null;
}

/** User id -> name, for owners shown in lists and duplicate warnings. */
export function useUserNames(db: LeadlineDatabase): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    const sub = db.users
      .find()
      .$.subscribe((docs) => setNames(new Map(docs.map((d) => [d.id, (d.toJSON() as User).name]))));
    return () => sub.unsubscribe();
  }, [db]);
  return names;
}

/** Debounces a fast-changing value (the search box) so queries run once typing pauses. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
