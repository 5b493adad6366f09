import { useMemo } from 'react';
import { of } from 'rxjs';
import { futurePipeline, pipelineOf } from '../../../shared/figures/funnel.ts';
import { type SalesTallies, salesTallies } from '../../../shared/requests/sla-report.ts';
import type { Prospect, RequestEvent, SalesRequest } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';
import { type FiguresSource, sourceOf, useServerAnswer } from './use-server-answer.ts';

export interface SalesFigures {
  tallies: SalesTallies;
  pipeline: { month: string; count: number; confidence: number }[];
}

/**
 * The SLA and pipeline panels' inputs from the server (open requests, kept tallies: a supervisor's
 * workstation reads no request or prospect for them), else from this workstation's replica, which
 * answers offline. Says which.
 */
export function useSales(workspace: Workspace): { figures: SalesFigures | null; source: FiguresSource } {
  const { db } = workspace;
  const { answer, failure } = useServerAnswer(
    'sales',
    () => getBridge().figures.sales(),
    () => [db.requests.$, db.requestEvents.$, db.prospects.$],
    [db],
  );
  const fallback = failure !== null;
  const requests = useLive(
    () => (fallback ? db.requests.find().$.pipe(plainAll<SalesRequest>()) : of(null)),
    [db, fallback],
  );
  const escalations = useLive(
    () =>
      fallback
        ? db.requestEvents.find({ selector: { kind: 'escalation' } }).$.pipe(plainAll<RequestEvent>())
        : of(null),
    [db, fallback],
  );
  const future = useLive(
    () =>
      fallback ? db.prospects.find({ selector: { status: 'future_need' } }).$.pipe(plainAll<Prospect>()) : of(null),
    [db, fallback],
  );
  const local = useMemo(
    () =>
      requests && escalations && future
        ? { tallies: salesTallies(requests, escalations), pipeline: futurePipeline(future) }
        : null,
    [requests, escalations, future],
  );
  const server = useMemo(
    () => (answer ? { tallies: answer.tallies, pipeline: pipelineOf(answer.pipeline) } : null),
    [answer],
  );
  const source = sourceOf(answer, failure, local);
  if (source.kind === 'server') return { figures: server, source };
  if (source.kind === 'replica') return { figures: local, source };
  return { figures: null, source };
}
