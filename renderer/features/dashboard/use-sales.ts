import { useMemo } from 'react';
import { of } from 'rxjs';
import { pipelineTallies } from '../../../shared/figures/funnel.ts';
import { type SalesFigures, salesFiguresOf, salesTallies } from '../../../shared/requests/sla-report.ts';
import { slaCutoffs } from '../../../shared/requests/sla.ts';
import type { Prospect, RequestEvent, SalesRequest, Settings } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';
import { type FiguresSource, serverOrReplica, useServerAnswer } from '../../db/use-server-answer.ts';

/**
 * The SLA and pipeline panels as the server computes them from its database (a supervisor's
 * workstation reads no request or prospect for them), else from this workstation's replica, which
 * answers offline. Says which.
 */
export function useSales(
  workspace: Workspace,
  settings: Settings,
): { figures: SalesFigures | null; source: FiguresSource } {
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
        ? salesFiguresOf(salesTallies(requests, escalations, slaCutoffs(settings, Date.now())), pipelineTallies(future))
        : null,
    [requests, escalations, future, settings],
  );
  const { value, source } = serverOrReplica(answer, answer, failure, local);
  return { figures: value, source };
}
