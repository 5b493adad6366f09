import type { PipelineTally } from '../../shared/figures/funnel.ts';
import type { SalesTallies } from '../../shared/requests/sla-report.ts';
import { OPEN_STATUSES } from '../../shared/requests/request-flow.ts';
import type { DocRow } from './backend.ts';

/**
 * The dashboard's SLA and pipeline figures from the database, in both stores, without reading a
 * collection whole: the open requests, the escalation events and the future-need prospects through
 * partial indexes (each a small part of its collection), the time to accept kept per sales manager
 * in `accept_figures` by a trigger in the same transaction as each write (an update takes the old
 * request's part out and puts the new one in), as `call_figures` keeps the funnel.
 */
export interface SalesRows {
  /** The open requests, whole (their SLA clocks need every date). */
  open: DocRow[];
  accepts: SalesTallies['accepts'];
  escalations: SalesTallies['escalations'];
  pipeline: PipelineTally[];
}

const OPEN = [...OPEN_STATUSES].map((s) => `'${s}'`).join(', ');

/** One dialect's way to read a field of a row's document. */
interface Dialect {
  text(row: string, path: string): string;
  number(row: string, path: string): string;
  live(row: string): string;
}

/** A column of `row`, or of the table itself when `row` is '' (an index's own terms). */
const col = (row: string, name: string) => (row ? `${row}.${name}` : name);

const SQLITE: Dialect = {
  text: (row, path) => `COALESCE(json_extract(${col(row, 'data')}, '$.${path}'), '')`,
  number: (row, path) => `COALESCE(json_extract(${col(row, 'data')}, '$.${path}'), 0)`,
  live: (row) => `${col(row, 'deleted')} = 0`,
};

const pgPath = (row: string, path: string) => {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  return `${col(row, 'data')}${parts.map((p) => `->'${p}'`).join('')}->>'${last}'`;
};

const POSTGRES: Dialect = {
  text: (row, path) => `coalesce(${pgPath(row, path)}, '')`,
  number: (row, path) => `coalesce((${pgPath(row, path)})::float8, 0)`,
  live: (row) => `NOT ${col(row, 'deleted')}`,
};

// The conditions of each partial index, written once so the queries repeat them exactly (a
// planner uses a partial index only when the query's conditions imply the index's).
const openRequest = (d: Dialect) =>
  `collection = 'requests' AND ${d.live('')} AND ${d.text('', 'status')} IN (${OPEN})`;
const escalation = (d: Dialect, row = '') =>
  `${col(row, 'collection')} = 'requestEvents' AND ${d.live(row)} AND ${d.text(row, 'kind')} = 'escalation'`;
const futureNeed = (d: Dialect) =>
  `collection = 'prospects' AND ${d.live('')} AND ${d.text('', 'status')} = 'future_need'`;
const owner = (d: Dialect, row: string) => d.text(row, 'salesOwnerId');
const acceptMs = (d: Dialect, row: string) => `${d.number(row, 'acceptedAt')} - ${d.number(row, 'createdAt')}`;
const accepted = (d: Dialect, row: string) => `${d.live(row)} AND ${d.number(row, 'acceptedAt')} > 0`;

/** The queries of `SalesRows`, in a dialect; `docColumns` is how the store selects a document row. */
export function salesQueries(dialect: 'sqlite' | 'postgres', docColumns: string) {
  const d = dialect === 'sqlite' ? SQLITE : POSTGRES;
  const date = d.text('', 'expectedNeed.date');
  const month = dialect === 'sqlite' ? `substr(${date}, 1, 7)` : `left(${date}, 7)`;
  // SQLite's planner, without statistics, prefers the primary key's (collection) prefix: name the
  // index (a query that cannot use it then fails rather than scans). PostgreSQL picks it itself.
  const by = (index: string) => (dialect === 'sqlite' ? ` INDEXED BY ${index}` : '');
  return {
    open: `SELECT ${docColumns} FROM docs${by('docs_open_requests')} WHERE ${openRequest(d)}`,
    accepts: 'SELECT owner_id, accepted, accept_ms FROM accept_figures WHERE accepted > 0',
    escalations: `SELECT ${owner(d, 'r')} AS owner_id, count(*) AS count
      FROM docs AS e${by('docs_escalations')} JOIN docs AS r ON r.collection = 'requests' AND r.id = ${d.text('e', 'requestId')} AND ${d.live('r')}
      WHERE ${escalation(d, 'e')} GROUP BY 1`,
    pipeline: `SELECT ${month} AS month, count(*) AS count, sum(${d.number('', 'expectedNeed.confidence')}) AS sum
      FROM docs${by('docs_future_needs')} WHERE ${futureNeed(d)} AND ${date} <> '' GROUP BY 1`,
  };
}

/** The rows of the `accepts`, `escalations` and `pipeline` queries as the figures take them. */
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

/** The schema step for SQLite: the partial indexes, `accept_figures` filled and its triggers. */
export function sqliteSalesFigures(): string {
  const d = SQLITE;
  const put = `INSERT INTO accept_figures SELECT ${owner(d, 'NEW')}, 1, ${acceptMs(d, 'NEW')} WHERE ${accepted(d, 'NEW')}
      ON CONFLICT (owner_id) DO UPDATE SET accepted = accepted + excluded.accepted, accept_ms = accept_ms + excluded.accept_ms;`;
  return `CREATE INDEX docs_open_requests ON docs (id) WHERE ${openRequest(d)};
   CREATE INDEX docs_escalations ON docs (${d.text('', 'requestId')}) WHERE ${escalation(d)};
   CREATE INDEX docs_future_needs ON docs (id) WHERE ${futureNeed(d)};
   CREATE TABLE accept_figures (
     owner_id TEXT PRIMARY KEY,
     accepted INTEGER NOT NULL,
     accept_ms REAL NOT NULL
   ) WITHOUT ROWID;
   INSERT INTO accept_figures SELECT ${owner(d, 'docs')}, count(*), sum(${acceptMs(d, 'docs')})
     FROM docs WHERE collection = 'requests' AND ${accepted(d, 'docs')} GROUP BY 1;
   CREATE TRIGGER accept_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'requests'
   BEGIN ${put} END;
   CREATE TRIGGER accept_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'requests'
   BEGIN
     UPDATE accept_figures SET accepted = accepted - 1, accept_ms = accept_ms - (${acceptMs(d, 'OLD')})
     WHERE ${accepted(d, 'OLD')} AND owner_id = ${owner(d, 'OLD')};
     ${put}
   END;`;
}

/** The same step for PostgreSQL. */
export function postgresSalesFigures(): string {
  const d = POSTGRES;
  return `CREATE INDEX docs_open_requests ON docs (id) WHERE ${openRequest(d)};
   CREATE INDEX docs_escalations ON docs ((${d.text('', 'requestId')})) WHERE ${escalation(d)};
   CREATE INDEX docs_future_needs ON docs (id) WHERE ${futureNeed(d)};
   CREATE TABLE accept_figures (
     owner_id text PRIMARY KEY,
     accepted bigint NOT NULL,
     accept_ms float8 NOT NULL
   );
   INSERT INTO accept_figures SELECT ${owner(d, 'docs')}, count(*), sum(${acceptMs(d, 'docs')})
     FROM docs WHERE collection = 'requests' AND ${accepted(d, 'docs')} GROUP BY 1;
   CREATE FUNCTION accept_figures_keep() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'UPDATE' AND ${accepted(d, 'OLD')} THEN
       UPDATE accept_figures SET accepted = accepted - 1, accept_ms = accept_ms - (${acceptMs(d, 'OLD')})
       WHERE owner_id = ${owner(d, 'OLD')};
     END IF;
     IF ${accepted(d, 'NEW')} THEN
       INSERT INTO accept_figures VALUES (${owner(d, 'NEW')}, 1, ${acceptMs(d, 'NEW')})
       ON CONFLICT (owner_id) DO UPDATE SET accepted = accept_figures.accepted + 1,
         accept_ms = accept_figures.accept_ms + excluded.accept_ms;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER accept_figures_keep AFTER INSERT OR UPDATE ON docs
     FOR EACH ROW WHEN (NEW.collection = 'requests') EXECUTE FUNCTION accept_figures_keep();`;
}
