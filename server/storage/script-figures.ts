import type { EdgeStats, NodeStats } from '../../shared/call-scripts/script-stats.ts';

/**
 * The script editor's figures per script version (shared/call-scripts/script-stats.ts) kept by the
 * database as calls are written, in both stores, so the editor shows them without reading every
 * call of the version: a trigger adds each call's part in the same transaction (an update takes the
 * old call's part out and puts the new one in):
 * - `script_figures`: calls with a path, and how many of them ended in a request;
 * - `script_step_figures`: per step, the calls that reached it (once per call), ended there, and
 *   reached it and ended in a request;
 * - `script_path_figures`: per step-to-step move, the calls that made it (once per call) and of them
 *   the requests.
 */
export interface ScriptRows {
  calls: number;
  requests: number;
  nodes: [string, NodeStats][];
  edges: [from: string, to: string, stats: EdgeStats][];
}

const TABLES = (text: string, int: string, end: string) => `CREATE TABLE script_figures (
     script_id ${text} NOT NULL, version ${int} NOT NULL, calls ${int} NOT NULL, requests ${int} NOT NULL,
     PRIMARY KEY (script_id, version)
   )${end};
   CREATE TABLE script_step_figures (
     script_id ${text} NOT NULL, version ${int} NOT NULL, node ${text} NOT NULL,
     reached ${int} NOT NULL, ended ${int} NOT NULL, requests ${int} NOT NULL,
     PRIMARY KEY (script_id, version, node)
   )${end};
   CREATE TABLE script_path_figures (
     script_id ${text} NOT NULL, version ${int} NOT NULL, from_node ${text} NOT NULL, to_node ${text} NOT NULL,
     calls ${int} NOT NULL, requests ${int} NOT NULL,
     PRIMARY KEY (script_id, version, from_node, to_node)
   )${end};`;

/** One call row's parts as SQL, for a call row `r` (NEW, OLD, or `c` over the stored calls). */
interface CallPart {
  script: string;
  version: string;
  /** 1 when the call ended in a request, else 0. */
  req: string;
  /** True when the call counts: live, with a non-empty path. */
  counted: string;
  /** The path's steps as a table `alias` with columns `value` (the step) and `key` (its place). */
  elements(alias: string): string;
  last: string;
}

/** Adding (`sign` 1) or taking out (-1) one call's part; `where` guards the statements in SQLite. */
function upserts(p: CallPart, sign: 1 | -1, where: string): string {
  const key = `${p.script}, ${p.version}`;
  const steps = `SELECT DISTINCT a.value AS v FROM ${p.elements('a')}`;
  const moves = `SELECT DISTINCT a.value AS f, b.value AS t FROM ${p.elements('a')} JOIN ${p.elements('b')} ON b.key = a.key + 1`;
  return `
     INSERT INTO script_figures SELECT ${key}, ${sign}, ${sign} * ${p.req} ${where}
       ON CONFLICT (script_id, version) DO UPDATE SET calls = script_figures.calls + excluded.calls,
         requests = script_figures.requests + excluded.requests;
     INSERT INTO script_step_figures SELECT ${key}, s.v, ${sign}, 0, ${sign} * ${p.req} FROM (${steps}) AS s ${where}
       ON CONFLICT (script_id, version, node) DO UPDATE SET reached = script_step_figures.reached + excluded.reached,
         requests = script_step_figures.requests + excluded.requests;
     INSERT INTO script_step_figures SELECT ${key}, ${p.last}, 0, ${sign}, 0 ${where}
       ON CONFLICT (script_id, version, node) DO UPDATE SET ended = script_step_figures.ended + excluded.ended;
     INSERT INTO script_path_figures SELECT ${key}, m.f, m.t, ${sign}, ${sign} * ${p.req} FROM (${moves}) AS m ${where}
       ON CONFLICT (script_id, version, from_node, to_node) DO UPDATE SET calls = script_path_figures.calls + excluded.calls,
         requests = script_path_figures.requests + excluded.requests;`;
}

function sqlitePart(r: string): CallPart {
  return {
    script: `COALESCE(json_extract(${r}.data, '$.scriptId'), '')`,
    version: `COALESCE(json_extract(${r}.data, '$.scriptVersion'), 0)`,
    req: `(COALESCE(json_extract(${r}.data, '$.outcome'), '') = 'request')`,
    counted: `${r}.deleted = 0 AND COALESCE(json_array_length(${r}.data, '$.path'), 0) > 0`,
    elements: (alias) => `json_each(${r}.data, '$.path') AS ${alias}`,
    last: `json_extract(${r}.data, '$.path[#-1]')`,
  };
}

function postgresPart(r: string): CallPart {
  return {
    script: `coalesce(${r}.data->>'scriptId', '')`,
    version: `coalesce((${r}.data->>'scriptVersion')::int, 0)`,
    req: `(coalesce(${r}.data->>'outcome', '') = 'request')::int`,
    counted: `NOT ${r}.deleted AND coalesce(CASE WHEN jsonb_typeof(${r}.data->'path') = 'array'
      THEN jsonb_array_length(${r}.data->'path') END, 0) > 0`,
    elements: (alias) => `jsonb_array_elements_text(${r}.data->'path') WITH ORDINALITY AS ${alias}(value, key)`,
    last: `${r}.data->'path'->>-1`,
  };
}

/** The stored calls counted once, statement by statement (the step also runs on an existing store). */
export function scriptFill(dialect: 'sqlite' | 'postgres'): string[] {
  return fill(dialect === 'sqlite' ? sqlitePart('c') : postgresPart('c'))
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
}

function fill(p: CallPart): string {
  const key = `${p.script} AS s, ${p.version} AS v`;
  const calls = `c.collection = 'calls' AND ${p.counted}`;
  return `INSERT INTO script_figures SELECT ${p.script}, ${p.version}, count(*), sum(${p.req})
     FROM docs AS c WHERE ${calls} GROUP BY 1, 2;
   INSERT INTO script_step_figures SELECT k.s, k.v, k.node, count(*), 0, sum(k.req) FROM (
       SELECT DISTINCT c.id, ${key}, a.value AS node, ${p.req} AS req FROM docs AS c, ${p.elements('a')} WHERE ${calls}
     ) AS k GROUP BY 1, 2, 3;
   INSERT INTO script_step_figures SELECT ${p.script}, ${p.version}, ${p.last}, 0, count(*), 0
     FROM docs AS c WHERE ${calls} GROUP BY 1, 2, 3
     ON CONFLICT (script_id, version, node) DO UPDATE SET ended = excluded.ended;
   INSERT INTO script_path_figures SELECT k.s, k.v, k.f, k.t, count(*), sum(k.req) FROM (
       SELECT DISTINCT c.id, ${key}, a.value AS f, b.value AS t, ${p.req} AS req
       FROM docs AS c, ${p.elements('a')}, ${p.elements('b')} WHERE ${calls} AND b.key = a.key + 1
     ) AS k GROUP BY 1, 2, 3, 4;`;
}

/** The schema step for SQLite. */
export function sqliteScriptFigures(): string {
  const put = (r: 'NEW' | 'OLD', sign: 1 | -1) => upserts(sqlitePart(r), sign, `WHERE ${sqlitePart(r).counted}`);
  return `${TABLES('TEXT', 'INTEGER', ' WITHOUT ROWID')}
   ${fill(sqlitePart('c'))}
   CREATE TRIGGER script_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'calls'
   BEGIN ${put('NEW', 1)} END;
   CREATE TRIGGER script_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'calls'
   BEGIN ${put('OLD', -1)} ${put('NEW', 1)} END;`;
}

/** The same step for PostgreSQL. */
export function postgresScriptFigures(): string {
  const put = (r: 'NEW' | 'OLD', sign: 1 | -1) =>
    `IF ${postgresPart(r).counted} THEN ${upserts(postgresPart(r), sign, '')} END IF;`;
  return `${TABLES('text', 'bigint', '')}
   ${fill(postgresPart('c'))}
   CREATE FUNCTION script_figures_keep() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'UPDATE' THEN ${put('OLD', -1)} END IF;
     ${put('NEW', 1)}
     RETURN NULL;
   END $$;
   CREATE TRIGGER script_figures_keep AFTER INSERT OR UPDATE ON docs
     FOR EACH ROW WHEN (NEW.collection = 'calls') EXECUTE FUNCTION script_figures_keep();`;
}

/** The queries of `ScriptRows` (parameters: the script id and the version). */
export function scriptQueries(dialect: 'sqlite' | 'postgres') {
  const [a, b] = dialect === 'sqlite' ? ['?1', '?2'] : ['$1', '$2'];
  const of = `WHERE script_id = ${a} AND version = ${b}`;
  return {
    totals: `SELECT calls, requests FROM script_figures ${of}`,
    steps: `SELECT node, reached, ended, requests FROM script_step_figures ${of} AND (reached > 0 OR ended > 0)`,
    moves: `SELECT from_node, to_node, calls, requests FROM script_path_figures ${of} AND calls > 0`,
  };
}

/** The rows of the three queries as the figures take them. */
export function scriptRows(
  totals: Record<string, unknown>[],
  steps: Record<string, unknown>[],
  moves: Record<string, unknown>[],
): ScriptRows {
  return {
    calls: Number(totals[0]?.calls ?? 0),
    requests: Number(totals[0]?.requests ?? 0),
    nodes: steps.map((r) => [
      String(r.node),
      { reached: Number(r.reached), ended: Number(r.ended), requests: Number(r.requests) },
    ]),
    edges: moves.map((r) => [
      String(r.from_node),
      String(r.to_node),
      { calls: Number(r.calls), requests: Number(r.requests) },
    ]),
  };
}
