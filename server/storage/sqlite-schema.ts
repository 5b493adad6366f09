import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CONTACT_OUTCOMES } from '../../shared/figures/funnel.ts';
import { sqliteSalesFigures } from './sales-figures.ts';
import { sqliteScriptFigures } from './script-figures.ts';

export const sqliteFile = (dataDir: string): string => path.join(dataDir, 'leadline.sqlite');

/**
 * Opens the embedded store's writing connection (migrated to the newest schema). WAL with synchronous FULL: a write the server acknowledged survives a
 * power cut, and readers (pulls, streams) never block the writer.
 */
export function openSqlite(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(sqliteFile(dataDir));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // Content a write replaces is zeroed on disk, not left in free space: erasure really erases.
  db.exec('PRAGMA secure_delete = ON');
  migrate(db);
  return db;
}

const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE docs (
     collection TEXT NOT NULL,
     id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     deleted INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (collection, id)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX docs_by_seq ON docs (collection, seq);
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     user_id TEXT NOT NULL,
     role TEXT NOT NULL,
     collection TEXT NOT NULL,
     doc_id TEXT NOT NULL,
     action TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
   CREATE TABLE credentials (
     user_id TEXT PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL
   );
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     refresh_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE INDEX sessions_by_user ON sessions (user_id);`,
  // Who may read a document under an "own" rule, so a pull filters in SQL (filled on open).
  `ALTER TABLE docs ADD COLUMN reader1 TEXT NOT NULL DEFAULT '';
   ALTER TABLE docs ADD COLUMN reader2 TEXT NOT NULL DEFAULT '';
   CREATE INDEX docs_by_reader1 ON docs (collection, reader1, seq);
   CREATE INDEX docs_by_reader2 ON docs (collection, reader2, seq);
   INSERT INTO meta (key, value) VALUES ('readers_filled', '0');`,
  // Refresh rotation with a grace window: the previous secret's hash and when it was replaced; the
  // next secret is derived from the previous one with the session's own chain key.
  `ALTER TABLE sessions ADD COLUMN prev_hash TEXT;
   ALTER TABLE sessions ADD COLUMN rotated_at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN chain_key TEXT NOT NULL DEFAULT '';`,
  // The audit screen filters by who, by document and by time.
  `CREATE INDEX audit_by_user ON audit (user_id, seq);
   CREATE INDEX audit_by_doc ON audit (doc_id, seq);
   CREATE INDEX audit_by_at ON audit (at);`,
  // Append-only, but for erasure: an entry may have its copy of a document replaced by one without
  // the person's data (marked "erased"); who did what, when, to which document stays.
  `DROP TRIGGER audit_no_update;
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
   WHEN NOT (NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.user_id = OLD.user_id AND NEW.role = OLD.role
     AND NEW.collection = OLD.collection AND NEW.doc_id = OLD.doc_id AND NEW.action = OLD.action
     AND json_extract(NEW.data, '$.erased') IS NOT NULL)
   BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`,
  // The escalation job reads only open personal callbacks past due, through this index, never the
  // whole collection (it runs every minute).
  `CREATE INDEX docs_callbacks_to_escalate ON docs (json_extract(data, '$.dueAt'))
   WHERE collection = 'callbacks' AND deleted = 0
     AND json_extract(data, '$.scope') = 'personal' AND json_extract(data, '$.done') = 0;`,
  managerFigures(),
  // The dashboard's SLA and pipeline: partial indexes and the time to accept kept per manager.
  sqliteSalesFigures(),
  // The script editor's figures per version: steps reached and ended, moves, requests.
  sqliteScriptFigures(),
];

/**
 * The manager's figures kept by the database itself, in the same transaction as each write:
 * - `call_figures`: calls tallied per hour of their start and per operator, list and script version;
 * - `call_keys`: each call's grouping keys, `request_figures`: each request's counted fields, narrow
 *   rows the period's requests are read from and joined to their call (whichever was written first).
 * A call is written once (its counted fields never change), but an update still takes the old row
 * out and puts the new one in, so a rewrite (erasure, a reader backfill) changes no figure. Existing
 * documents are counted when the step runs (an upgrade).
 */
function managerFigures(): string {
  const field = (row: string, name: string, fallback: string) =>
    `COALESCE(json_extract(${row}.data, '$.${name}'), ${fallback})`;
  const key = (row: string) =>
    [
      `COALESCE(CAST(json_extract(${row}.data, '$.startedAt') AS INTEGER) / 3600000, 0)`,
      field(row, 'operatorId', "''"),
      field(row, 'callListId', "''"),
      field(row, 'scriptId', "''"),
      field(row, 'scriptVersion', '0'),
    ].join(', ');
  const outcome = (row: string) => `COALESCE(json_extract(${row}.data, '$.outcome'), '')`;
  // Contact, need now, future need: 1 or 0 each.
  const flags = (row: string) => [
    `(${outcome(row)} IN (${CONTACT_OUTCOMES.map((o) => `'${o}'`).join(', ')}))`,
    `(${outcome(row)} = 'request')`,
    `(${outcome(row)} = 'future_need')`,
  ];
  const callKeys = (row: string) =>
    [
      `${row}.id`,
      field(row, 'operatorId', "''"),
      field(row, 'callListId', "''"),
      field(row, 'scriptId', "''"),
      field(row, 'scriptVersion', '0'),
    ].join(', ');
  const requestFields = (row: string) =>
    [
      `${row}.id`,
      field(row, 'createdAt', '0'),
      field(row, 'operatorId', "''"),
      field(row, 'callId', "''"),
      field(row, 'status', "''"),
      field(row, 'orderValue', '0'),
    ].join(', ');
  const putCall = `INSERT INTO call_figures SELECT ${key('NEW')}, 1, ${flags('NEW').join(', ')} WHERE NEW.deleted = 0
       ON CONFLICT (hour, operator_id, list_id, script_id, script_version) DO UPDATE SET
         calls = calls + excluded.calls, contacts = contacts + excluded.contacts,
         needs_now = needs_now + excluded.needs_now, future_needs = future_needs + excluded.future_needs;
     INSERT INTO call_keys SELECT ${callKeys('NEW')} WHERE NEW.deleted = 0;`;
  const putRequest = `INSERT INTO request_figures SELECT ${requestFields('NEW')} WHERE NEW.deleted = 0;`;
  const [contact, need, future] = flags('OLD');
  return `CREATE TABLE call_figures (
     hour INTEGER NOT NULL,
     operator_id TEXT NOT NULL,
     list_id TEXT NOT NULL,
     script_id TEXT NOT NULL,
     script_version INTEGER NOT NULL,
     calls INTEGER NOT NULL,
     contacts INTEGER NOT NULL,
     needs_now INTEGER NOT NULL,
     future_needs INTEGER NOT NULL,
     PRIMARY KEY (hour, operator_id, list_id, script_id, script_version)
   ) WITHOUT ROWID;
   CREATE TABLE call_keys (
     id TEXT PRIMARY KEY,
     operator_id TEXT NOT NULL,
     list_id TEXT NOT NULL,
     script_id TEXT NOT NULL,
     script_version INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE request_figures (
     id TEXT PRIMARY KEY,
     created_at REAL NOT NULL,
     operator_id TEXT NOT NULL,
     call_id TEXT NOT NULL,
     status TEXT NOT NULL,
     order_value REAL NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX request_figures_by_created ON request_figures (created_at);
   INSERT INTO call_figures
     SELECT ${key('docs')}, count(*), ${flags('docs')
       .map((f) => `sum(${f})`)
       .join(', ')}
     FROM docs WHERE collection = 'calls' AND deleted = 0 GROUP BY 1, 2, 3, 4, 5;
   INSERT INTO call_keys SELECT ${callKeys('docs')} FROM docs WHERE collection = 'calls' AND deleted = 0;
   INSERT INTO request_figures SELECT ${requestFields('docs')} FROM docs WHERE collection = 'requests' AND deleted = 0;
   CREATE TRIGGER call_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'calls'
   BEGIN ${putCall} END;
   CREATE TRIGGER call_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'calls'
   BEGIN
     UPDATE call_figures SET calls = calls - 1, contacts = contacts - ${contact},
       needs_now = needs_now - ${need}, future_needs = future_needs - ${future}
     WHERE OLD.deleted = 0 AND (hour, operator_id, list_id, script_id, script_version) = (${key('OLD')});
     DELETE FROM call_keys WHERE id = OLD.id;
     ${putCall}
   END;
   CREATE TRIGGER request_figures_add AFTER INSERT ON docs WHEN NEW.collection = 'requests'
   BEGIN ${putRequest} END;
   CREATE TRIGGER request_figures_change AFTER UPDATE ON docs WHEN NEW.collection = 'requests'
   BEGIN
     DELETE FROM request_figures WHERE id = OLD.id;
     ${putRequest}
   END;`;
}

function migrate(db: DatabaseSync): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version > MIGRATIONS.length) {
    db.close();
    throw new Error(
      `The store was written by a newer Leadline (schema ${version}, this one knows ${MIGRATIONS.length}): upgrade this server`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[v] ?? '');
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
