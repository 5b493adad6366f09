import type { PipelineTally } from '../../shared/figures/funnel.ts';
import type { SalesTallies } from '../../shared/requests/sla-report.ts';
import type { SlaCutoffs } from '../../shared/requests/sla.ts';
import { OPEN_STATUSES } from '../../shared/requests/request-flow.ts';
import { col, type Dialect, POSTGRES, SQLITE } from './dialect.ts';

/**
 * The dashboard's SLA and pipeline figures from the database, in both stores, without reading a
 * collection whole. Kept by triggers in the same transaction as each write (an update takes the old
 * document's part out and puts the new one in), as `call_figures` keeps the funnel:
 * - `open_requests`: the open requests' SLA fields in narrow rows (a request leaves when it closes);
 *   the stalled ones are counted at query time against the cutoffs of that instant (`slaCutoffs`);
 * - `accept_figures`: per sales manager, the accepted requests and their summed time to accept;
 * - `pipeline_figures`: per expected month, the future-need prospects and their summed confidence.
 * The escalations, a small part of the request events, are read through a partial index.
 */
export interface SalesRows extends SalesTallies {
  pipeline: PipelineTally[];
}

const OPEN = [...OPEN_STATUSES].map((s) => `'${s}'`).join(', ');

// The escalations' partial index, its conditions written once so the query repeats them exactly
// (a planner uses a partial index only when the query's conditions imply the index's).
const escalation = (d: Dialect, row = '') =>
  `${col(row, 'collection')} = 'requestEvents' AND ${d.live(row)} AND ${d.text(row, 'kind')} = 'escalation'`;
const owner = (d: Dialect, row: string) => d.text(row, 'salesOwnerId');
const acceptMs = (d: Dialect, row: string) => `${d.number(row, 'acceptedAt')} - ${d.number(row, 'createdAt')}`;
const accepted = (d: Dialect, row: string) => `${d.live(row)} AND ${d.number(row, 'acceptedAt')} > 0`;
const isOpen = (d: Dialect, row: string) => `${d.live(row)} AND ${d.text(row, 'status')} IN (${OPEN})`;
const openFields = (d: Dialect, row: string) =>
  [
    `${row}.id`,
    owner(d, row),
    d.text(row, 'status'),
    ...['createdAt', 'acceptedAt', 'firstProgressAt', 'lastActivityAt'].map((f) => d.number(row, f)),
  ].join(', ');
const date = (d: Dialect, row: string) => d.text(row, 'expectedNeed.date');
const month = (d: Dialect, row: string) => `substr(${date(d, row)}, 1, 7)`;
const confidence = (d: Dialect, row: string) => d.number(row, 'expectedNeed.confidence');
const isFuture = (d: Dialect, row: string) =>
  `${d.live(row)} AND ${d.text(row, 'status')} = 'future_need' AND ${date(d, row)} <> ''`;

/**
 * Which clock an open request runs and when it started, as `clockOf` (shared/requests/sla.ts)
 * decides it; stalled when the start is before that clock's cutoff (parameters 1–3).
 */
function stalledCase(d: Dialect): string {
  const progress = `status = 'accepted' AND first_progress_at = 0`;
  return `CASE
      WHEN status = 'new' THEN CASE WHEN created_at < ${d.param(1)} THEN 1 ELSE 0 END
      WHEN ${progress} THEN CASE WHEN COALESCE(NULLIF(accepted_at, 0), created_at) < ${d.param(2)} THEN 1 ELSE 0 END
      ELSE CASE WHEN COALESCE(NULLIF(last_activity_at, 0), NULLIF(accepted_at, 0), created_at) < ${d.param(3)}
        THEN 1 ELSE 0 END
    END`;
}

/** The queries of `SalesRows`, in a dialect; `open` takes the cutoffs (accept, progress, update). */
export function salesQueries(dialect: 'sqlite' | 'postgres') {
  const d = dialect === 'sqlite' ? SQLITE : POSTGRES;
  // SQLite's planner, without statistics, prefers the primary key's (collection) prefix: name the
  // index (a query that cannot use it then fails rather than scans). PostgreSQL picks it itself.
  const by = (index: string) => (dialect === 'sqlite' ? ` INDEXED BY ${index}` : '');
  return {
    open: `SELECT owner_id, count(*) AS open, sum(${stalledCase(d)}) AS stalled FROM open_requests GROUP BY owner_id`,
    accepts: 'SELECT owner_id, accepted, accept_ms FROM accept_figures WHERE accepted > 0',
    escalations: `SELECT ${owner(d, 'r')} AS owner_id, count(*) AS count
      FROM docs AS e${by('docs_escalations')} JOIN docs AS r
        ON r.collection = 'requests' AND r.id = ${d.text('e', 'requestId')} AND ${d.live('r')}
      WHERE ${escalation(d, 'e')} GROUP BY 1`,
    pipeline: 'SELECT month, count, sum FROM pipeline_figures WHERE count > 0',
  };
}

/** The cutoffs as the `open` query's parameters. */
export const cutoffParams = (c: SlaCutoffs): [number, number, number] => [c.accept, c.progress, c.update];

/** The rows of the queries as the figures take them. */
export const openRow = (r: Record<string, unknown>) => ({
  ownerId: String(r.owner_id ?? ''),
  open: Number(r.open),
  stalled: Number(r.stalled),
});
export const acceptRow = (r: Record<string, unknown>) => ({
  ownerId: String(r.owner_id ?? ''),
  count: Number(r.accepted),
  sumMs: Number(r.accept_ms),
});
export const escalationRow = (r: Record<string, unknown>) => ({
  ownerId: String(r.owner_id ?? ''),
  count: Number(r.count),
});
export const pipelineRow = (r: Record<string, unknown>): PipelineTally => ({
  month: String(r.month),
  count: Number(r.count),
  sum: Number(r.sum),
});

/** The tables both stores keep, with their columns' types in each. */
function tables(dialect: 'sqlite' | 'postgres'): string {
  const [text, real, int, end] =
    dialect === 'sqlite' ? ['TEXT', 'REAL', 'INTEGER', ' WITHOUT ROWID'] : ['text', 'float8', 'bigint', ''];
  return `CREATE TABLE open_requests (
     id ${text} PRIMARY KEY,
     owner_id ${text} NOT NULL,
     status ${text} NOT NULL,
     created_at ${real} NOT NULL,
     accepted_at ${real} NOT NULL,
     first_progress_at ${real} NOT NULL,
     last_activity_at ${real} NOT NULL
   )${end};
   CREATE TABLE accept_figures (owner_id ${text} PRIMARY KEY, accepted ${int} NOT NULL, accept_ms ${real} NOT NULL)${end};
   CREATE TABLE pipeline_figures (month ${text} PRIMARY KEY, count ${int} NOT NULL, sum ${real} NOT NULL)${end};`;
}

/** Filling the tables from the documents already stored (the step runs on an existing store too). */
function fill(d: Dialect): string {
  return `INSERT INTO open_requests SELECT ${openFields(d, 'docs')} FROM docs
     WHERE collection = 'requests' AND ${isOpen(d, 'docs')};
   INSERT INTO accept_figures SELECT ${owner(d, 'docs')}, count(*), sum(${acceptMs(d, 'docs')})
     FROM docs WHERE collection = 'requests' AND ${accepted(d, 'docs')} GROUP BY 1;
   INSERT INTO pipeline_figures SELECT ${month(d, 'docs')}, count(*), sum(${confidence(d, 'docs')})
     FROM docs WHERE collection = 'prospects' AND ${isFuture(d, 'docs')} GROUP BY 1;`;
}

/** The schema step for SQLite: the escalations' partial index, the tables filled, their triggers. */
export function sqliteSalesFigures(): string {
  const d = SQLITE;
  const putRequest = `INSERT INTO open_requests SELECT ${openFields(d, 'NEW')} WHERE ${isOpen(d, 'NEW')};
     INSERT INTO accept_figures SELECT ${owner(d, 'NEW')}, 1, ${acceptMs(d, 'NEW')} WHERE ${accepted(d, 'NEW')}
       ON CONFLICT (owner_id) DO UPDATE SET accepted = accepted + excluded.accepted, accept_ms = accept_ms + excluded.accept_ms;`;
  const putProspect = `INSERT INTO pipeline_figures SELECT ${month(d, 'NEW')}, 1, ${confidence(d, 'NEW')} WHERE ${isFuture(d, 'NEW')}
       ON CONFLICT (month) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum;`;
  return `CREATE INDEX docs_escalations ON docs (${d.text('', 'requestId')}) WHERE ${escalation(d)};
   ${tables('sqlite')}
   ${fill(d)}
   CREATE TRIGGER sales_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'requests'
   BEGIN ${putRequest} END;
   CREATE TRIGGER sales_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'requests'
   BEGIN
     DELETE FROM open_requests WHERE id = OLD.id;
     UPDATE accept_figures SET accepted = accepted - 1, accept_ms = accept_ms - (${acceptMs(d, 'OLD')})
     WHERE ${accepted(d, 'OLD')} AND owner_id = ${owner(d, 'OLD')};
     ${putRequest}
   END;
   CREATE TRIGGER pipeline_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'prospects'
   BEGIN ${putProspect} END;
   CREATE TRIGGER pipeline_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'prospects'
   BEGIN
     UPDATE pipeline_figures SET count = count - 1, sum = sum - ${confidence(d, 'OLD')}
     WHERE ${isFuture(d, 'OLD')} AND month = ${month(d, 'OLD')};
     ${putProspect}
   END;`;
}

/** The same step for PostgreSQL. */
export function postgresSalesFigures(): string {
  const d = POSTGRES;
  return `CREATE INDEX docs_escalations ON docs ((${d.text('', 'requestId')})) WHERE ${escalation(d)};
   ${tables('postgres')}
   ${fill(d)}
   CREATE FUNCTION sales_figures_keep() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.collection = 'requests' THEN
       IF TG_OP = 'UPDATE' THEN
         DELETE FROM open_requests WHERE id = OLD.id;
         IF ${accepted(d, 'OLD')} THEN
           UPDATE accept_figures SET accepted = accepted - 1, accept_ms = accept_ms - (${acceptMs(d, 'OLD')})
           WHERE owner_id = ${owner(d, 'OLD')};
         END IF;
       END IF;
       IF ${isOpen(d, 'NEW')} THEN
         INSERT INTO open_requests VALUES (${openFields(d, 'NEW')});
       END IF;
       IF ${accepted(d, 'NEW')} THEN
         INSERT INTO accept_figures VALUES (${owner(d, 'NEW')}, 1, ${acceptMs(d, 'NEW')})
         ON CONFLICT (owner_id) DO UPDATE SET accepted = accept_figures.accepted + 1,
           accept_ms = accept_figures.accept_ms + excluded.accept_ms;
       END IF;
     ELSE
       IF TG_OP = 'UPDATE' AND ${isFuture(d, 'OLD')} THEN
         UPDATE pipeline_figures SET count = count - 1, sum = sum - ${confidence(d, 'OLD')}
         WHERE month = ${month(d, 'OLD')};
       END IF;
       IF ${isFuture(d, 'NEW')} THEN
         INSERT INTO pipeline_figures VALUES (${month(d, 'NEW')}, 1, ${confidence(d, 'NEW')})
         ON CONFLICT (month) DO UPDATE SET count = pipeline_figures.count + 1,
           sum = pipeline_figures.sum + excluded.sum;
       END IF;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER sales_figures_keep AFTER INSERT OR UPDATE ON docs
     FOR EACH ROW WHEN (NEW.collection IN ('requests', 'prospects')) EXECUTE FUNCTION sales_figures_keep();`;
}
