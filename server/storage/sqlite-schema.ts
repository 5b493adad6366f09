import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

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
];

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
