import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/**
 * Subscribes to a live RxDB query for as long as the component shows it. `null` until the first
 * result, so a screen can tell "loading" from "empty".
 */
export function useLive<T>(source: () => Observable<T>, deps: readonly unknown[]): T | null {
  const [value, setValue] = useState<T | null>(null);
  // The caller lists what the query depends on, as with useMemo.
  /* oxlint-disable react-hooks/exhaustive-deps */
  useEffect(() => {
    const sub = source().subscribe(setValue);
    return () => sub.unsubscribe();
  }, deps);
  /* oxlint-enable react-hooks/exhaustive-deps */
  return value;
}
