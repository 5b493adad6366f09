import { useEffect, useState } from 'react';
import { debounceTime, merge, type Observable } from 'rxjs';

/** How often the server's figures are asked again while the dashboard is open. */
export const SERVER_FIGURES_EVERY_MS = 30_000;
const CHANGES_SETTLE_MS = 1000;

export type FiguresSource =
  | { kind: 'loading' }
  | { kind: 'server'; asOf: number }
  /** The server did not answer: the replica's own documents, as far as they have synced here. */
  | { kind: 'replica'; reason: string };

/**
 * Asks the server for figures now, every 30 s, and once a burst of `changes` (documents reaching
 * this workstation) is over; `key` names the question (a new key asks at once). The answer is
 * given only for the current key; `failure` is why the server last did not answer, null once it does.
 */
export function useServerAnswer<T extends { asOf: number }>(
  key: string,
  ask: () => Promise<T>,
  changes: () => Observable<unknown>[],
  deps: readonly unknown[],
): { answer: T | null; failure: string | null } {
  const [answer, setAnswer] = useState<{ key: string; value: T } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const once = () =>
      ask().then(
        (value) => {
          if (!live) return;
          setAnswer({ key, value });
          setFailure(null);
        },
        (error: unknown) => {
          if (live) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
    void once();
    const timer = setInterval(() => void once(), SERVER_FIGURES_EVERY_MS);
    const sub = merge(...changes())
      .pipe(debounceTime(CHANGES_SETTLE_MS))
      .subscribe(() => void once());
    return () => {
      live = false;
      clearInterval(timer);
      sub.unsubscribe();
    };
    // The key stands for the question; deps for where it is asked.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ...deps]);
  return { answer: answer && answer.key === key ? answer.value : null, failure };
}

/**
 * What to show and where it comes from: the server's figures (`server`, made from `answer`) while
 * it answers, the replica's own (`local`) once it does not, nothing while neither is there yet.
 */
export function serverOrReplica<T>(
  answer: { asOf: number } | null,
  server: T | null,
  failure: string | null,
  local: T | null,
): { value: T | null; source: FiguresSource } {
  if (failure !== null && local) return { value: local, source: { kind: 'replica', reason: failure } };
  if (answer && failure === null) return { value: server, source: { kind: 'server', asOf: answer.asOf } };
  return { value: null, source: { kind: 'loading' } };
}
