import type { Pool } from 'pg';
import { CONTACT_OUTCOMES } from '../../shared/figures/funnel.ts';
import { postgresSalesFigures } from './sales-figures.ts';
import { postgresScriptFigures } from './script-figures.ts';

/** Advisory lock keys (first half: the product's own namespace). */
export const LOCK_NAMESPACE = 0x4c4c; // "LL"
export const MIGRATION_LOCK = 1;
export const WRITE_LOCK = 2;

/**
 * The PostgreSQL schema, as steps: `meta.schema_version` says how many have run. Every instance
 * migrates at start under one advisory lock, so two instances starting together run each step once.
 * The shape follows the SQLite store (sqlite-schema.ts): documents keyed by collection and id,
 * ordered by the audit log's sequence; documents are jsonb, so the partial expression index and
 * the field lookups read them in place.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE audit (
     seq bigserial PRIMARY KEY,
     at text NOT NULL,
     user_id text NOT NULL,
     role text NOT NULL,
     collection text NOT NULL,
     doc_id text NOT NULL,
     action text NOT NULL,
     data jsonb NOT NULL
   );
   CREATE INDEX audit_by_user ON audit (user_id, seq);
   CREATE INDEX audit_by_doc ON audit (doc_id, seq);
   CREATE INDEX audit_by_at ON audit (at);
   CREATE INDEX audit_copies ON audit (collection, doc_id);
   -- Append-only, but for erasure: an entry may have its copy of a document replaced by one
   -- without the person's data (marked "erased"); who did what, when, to which document stays.
   CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.user_id = OLD.user_id
        AND NEW.role = OLD.role AND NEW.collection = OLD.collection AND NEW.doc_id = OLD.doc_id
        AND NEW.action = OLD.action AND NEW.data ? 'erased' THEN
       RETURN NEW;
     END IF;
     RAISE EXCEPTION 'audit log is append-only';
   END $$;
   CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
     FOR EACH ROW EXECUTE FUNCTION audit_append_only();
   CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
     FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
   CREATE TABLE docs (
     collection text NOT NULL,
     id text NOT NULL,
     seq bigint NOT NULL,
     deleted boolean NOT NULL,
     data jsonb NOT NULL,
     reader1 text NOT NULL DEFAULT '',
     reader2 text NOT NULL DEFAULT '',
     PRIMARY KEY (collection, id)
   );
   CREATE UNIQUE INDEX docs_by_seq ON docs (collection, seq);
   CREATE INDEX docs_by_reader1 ON docs (collection, reader1, seq);
   CREATE INDEX docs_by_reader2 ON docs (collection, reader2, seq);
   CREATE INDEX docs_callbacks_to_escalate ON docs (((data->>'dueAt')::float8))
     WHERE collection = 'callbacks' AND NOT deleted
       AND data->>'scope' = 'personal' AND data->'done' = 'false'::jsonb;
   CREATE TABLE credentials (
     user_id text PRIMARY KEY,
     username text NOT NULL,
     password_hash text NOT NULL
   );
   CREATE UNIQUE INDEX credentials_by_username ON credentials (lower(username));
   CREATE TABLE sessions (
     id text PRIMARY KEY,
     user_id text NOT NULL,
     refresh_hash text NOT NULL,
     created_at bigint NOT NULL,
     expires_at bigint NOT NULL,
     revoked_at bigint,
     prev_hash text,
     rotated_at bigint NOT NULL DEFAULT 0,
     chain_key text NOT NULL DEFAULT ''
   );
   CREATE INDEX sessions_by_user ON sessions (user_id);`,
  // A decided write in one round trip (Backend.commit): the write lock, the expectations checked,
  // the documents and their audit entries written, the other instances told; NULL if stale.
  `CREATE FUNCTION leadline_commit(expected jsonb, writes jsonb, datas text[], origin text) RETURNS bigint[]
   LANGUAGE plpgsql AS $$
   DECLARE
     e jsonb;
     w jsonb;
     i integer := 0;
     current bigint;
     s bigint;
     seqs bigint[] := '{}';
   BEGIN
     PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${WRITE_LOCK});
     FOR e IN SELECT value FROM jsonb_array_elements(expected) LOOP
       SELECT d.seq INTO current FROM docs d WHERE d.collection = e->>'collection' AND d.id = e->>'id';
       IF current IS DISTINCT FROM (e->>'seq')::bigint THEN
         RETURN NULL;
       END IF;
     END LOOP;
     FOR w IN SELECT value FROM jsonb_array_elements(writes) LOOP
       i := i + 1;
       INSERT INTO audit (at, user_id, role, collection, doc_id, action, data)
       VALUES (w->>'at', w->>'userId', w->>'role', w->>'collection', w->>'id', w->>'action', datas[i]::jsonb)
       RETURNING seq INTO s;
       INSERT INTO docs (collection, id, seq, deleted, data, reader1, reader2)
       VALUES (w->>'collection', w->>'id', s, (w->>'deleted')::boolean, datas[i]::jsonb, w->'readers'->>0, w->'readers'->>1)
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted,
         data = excluded.data, reader1 = excluded.reader1, reader2 = excluded.reader2;
       seqs := seqs || s;
     END LOOP;
     PERFORM pg_notify('leadline_writes',
       json_build_object('o', origin, 'c', r.collection, 'a', r.low, 'b', r.high)::text)
     FROM (SELECT w2.value->>'collection' AS collection, min(t.seq) AS low, max(t.seq) AS high
           FROM jsonb_array_elements(writes) WITH ORDINALITY AS w2(value, n)
           JOIN unnest(seqs) WITH ORDINALITY AS t(seq, n) USING (n)
           GROUP BY 1) r;
     RETURN seqs;
   END $$;`,
  managerFigures(),
  // The dashboard's SLA and pipeline: partial indexes and the time to accept kept per manager.
  postgresSalesFigures(),
  // The script editor's figures per version: steps reached and ended, moves, requests.
  postgresScriptFigures(),
];

/**
 * The manager's figures kept by the database itself, as in the SQLite store (managerFigures in
 * sqlite-schema.ts): calls tallied per hour of their start and per operator, list and script version,
 * each call's keys and each request's counted fields in narrow rows, by a trigger in the same
 * transaction as each write (an update takes the old row out and puts the new one in).
 */
function managerFigures(): string {
  const text = (row: string, name: string) => `coalesce(${row}.data->>'${name}', '')`;
  const number = (row: string, name: string, type: string) => `coalesce((${row}.data->>'${name}')::${type}, 0)`;
  const key = (row: string) =>
    [
      `coalesce(floor((${row}.data->>'startedAt')::float8 / 3600000)::bigint, 0)`,
      text(row, 'operatorId'),
      text(row, 'callListId'),
      text(row, 'scriptId'),
      number(row, 'scriptVersion', 'int'),
    ].join(', ');
  const outcome = (row: string) => `coalesce(${row}.data->>'outcome', '')`;
  const flags = (row: string) => [
    `(${outcome(row)} IN (${CONTACT_OUTCOMES.map((o) => `'${o}'`).join(', ')}))::int`,
    `(${outcome(row)} = 'request')::int`,
    `(${outcome(row)} = 'future_need')::int`,
  ];
  const callKeys = (row: string) =>
    [
      `${row}.id`,
      text(row, 'operatorId'),
      text(row, 'callListId'),
      text(row, 'scriptId'),
      number(row, 'scriptVersion', 'int'),
    ].join(', ');
  const requestFields = (row: string) =>
    [
      `${row}.id`,
      number(row, 'createdAt', 'float8'),
      text(row, 'operatorId'),
      text(row, 'callId'),
      text(row, 'status'),
      number(row, 'orderValue', 'float8'),
    ].join(', ');
  const [contact, need, future] = flags('OLD');
  return `CREATE TABLE call_figures (
     hour bigint NOT NULL,
     operator_id text NOT NULL,
     list_id text NOT NULL,
     script_id text NOT NULL,
     script_version int NOT NULL,
     calls bigint NOT NULL,
     contacts bigint NOT NULL,
     needs_now bigint NOT NULL,
     future_needs bigint NOT NULL,
     PRIMARY KEY (hour, operator_id, list_id, script_id, script_version)
   );
   CREATE TABLE call_keys (
     id text PRIMARY KEY,
     operator_id text NOT NULL,
     list_id text NOT NULL,
     script_id text NOT NULL,
     script_version int NOT NULL
   );
   CREATE TABLE request_figures (
     id text PRIMARY KEY,
     created_at float8 NOT NULL,
     operator_id text NOT NULL,
     call_id text NOT NULL,
     status text NOT NULL,
     order_value float8 NOT NULL
   );
   CREATE INDEX request_figures_by_created ON request_figures (created_at);
   INSERT INTO call_figures
     SELECT ${key('docs')}, count(*), ${flags('docs')
       .map((f) => `sum(${f})`)
       .join(', ')}
     FROM docs WHERE collection = 'calls' AND NOT deleted GROUP BY 1, 2, 3, 4, 5;
   INSERT INTO call_keys SELECT ${callKeys('docs')} FROM docs WHERE collection = 'calls' AND NOT deleted;
   INSERT INTO request_figures SELECT ${requestFields('docs')} FROM docs WHERE collection = 'requests' AND NOT deleted;
   CREATE FUNCTION manager_figures_keep() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.collection = 'calls' THEN
       IF TG_OP = 'UPDATE' AND NOT OLD.deleted THEN
         UPDATE call_figures SET calls = calls - 1, contacts = contacts - ${contact},
           needs_now = needs_now - ${need}, future_needs = future_needs - ${future}
         WHERE (hour, operator_id, list_id, script_id, script_version) = (${key('OLD')});
         DELETE FROM call_keys WHERE id = OLD.id;
       END IF;
       IF NOT NEW.deleted THEN
         INSERT INTO call_figures SELECT ${key('NEW')}, 1, ${flags('NEW').join(', ')}
         ON CONFLICT (hour, operator_id, list_id, script_id, script_version) DO UPDATE SET
           calls = call_figures.calls + excluded.calls, contacts = call_figures.contacts + excluded.contacts,
           needs_now = call_figures.needs_now + excluded.needs_now,
           future_needs = call_figures.future_needs + excluded.future_needs;
         INSERT INTO call_keys SELECT ${callKeys('NEW')};
       END IF;
     ELSE
       IF TG_OP = 'UPDATE' THEN
         DELETE FROM request_figures WHERE id = OLD.id;
       END IF;
       IF NOT NEW.deleted THEN
         INSERT INTO request_figures SELECT ${requestFields('NEW')};
       END IF;
     END IF;
     RETURN NULL;
   END $$;
   CREATE TRIGGER manager_figures_keep AFTER INSERT OR UPDATE ON docs
     FOR EACH ROW WHEN (NEW.collection IN ('calls', 'requests')) EXECUTE FUNCTION manager_figures_keep();`;
}

export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    const exists = await client.query("SELECT to_regclass('meta') IS NOT NULL AS present");
    let version = 0;
    if (exists.rows[0]?.present) {
      const row = await client.query("SELECT value FROM meta WHERE key = 'schema_version'");
      version = Number(row.rows[0]?.value ?? 0);
    }
    if (version > MIGRATIONS.length) {
      throw new Error(
        `The store was written by a newer Leadline (schema ${version}, this one knows ${MIGRATIONS.length}): upgrade this server`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v] ?? '');
      await client.query(
        "INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [String(v + 1)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
