import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../server/storage/backend.ts';
import type { PostgresBackend } from '../../server/storage/postgres-backend.ts';
import { STORE } from '../sync/harness.ts';
import { docWrite, type OpenBackend, openTestBackend } from './backends.ts';

/**
 * The storage conformance suite: what the server asks of its database, held to the same answers on
 * SQLite (project `sync`) and PostgreSQL (project `sync-postgres`).
 */

let open: OpenBackend;
let db: Backend;

beforeEach(async () => {
  open = await openTestBackend();
  db = open.backend;
});
afterEach(() => open.close());

const write = (collection: Parameters<typeof docWrite>[0], doc: Record<string, unknown> & { id: string }) =>
  db.transaction((q) => q.writeDoc(docWrite(collection, doc)));
const ids = (rows: { data: string }[]) => rows.map((r) => (JSON.parse(r.data) as { id: string }).id);

describe(`documents (${STORE})`, () => {
  it('reads back what it wrote, numbers every write and keeps tombstones', async () => {
    expect(await db.getDoc('prospects', 'p1')).toBeNull();
    const first = await write('prospects', { id: 'p1', name: 'ООО «Один»', n: 1.5 });
    const second = await write('prospects', { id: 'p1', name: 'ООО «Один»', n: 2, _deleted: true });
    expect(second).toBeGreaterThan(first);
    const stored = await db.getDoc('prospects', 'p1');
    expect(stored).toMatchObject({ seq: second, deleted: true });
    expect(JSON.parse(stored!.data)).toEqual({ id: 'p1', name: 'ООО «Один»', n: 2, _deleted: true });
    expect(await db.getDoc('calls', 'p1')).toBeNull();
  });

  it('pulls in sequence order after a checkpoint, a batch at a time', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await write('prospects', { id });
    await write('prospects', { id: 'b', again: true });
    const first = await db.pull('prospects', 0, 2);
    expect(ids(first)).toEqual(['a', 'c']);
    const rest = await db.pull('prospects', first.at(-1)!.seq, 10);
    expect(ids(rest)).toEqual(['d', 'e', 'b']);
    expect(await db.pull('prospects', rest.at(-1)!.seq, 10)).toEqual([]);
    expect(await db.pull('calls', 0, 10)).toEqual([]);
  });

  it("pulls one reader's documents only: their own, everyone's, and those they are second reader of", async () => {
    const callback = (id: string, assigneeId: string, createdBy: string, scope = 'personal') => ({
      id,
      assigneeId,
      createdBy,
      scope,
    });
    await write('callbacks', callback('mine', 'op1', 'op1'));
    await write('callbacks', callback('theirs', 'op2', 'op2'));
    await write('callbacks', callback('team', 'op2', 'op2', 'team'));
    await write('callbacks', callback('passed-on', 'op2', 'op1'));
    await write('callbacks', callback('given-to-me', 'op1', 'op2'));
    const rows = await db.pull('callbacks', 0, 100, 'op1');
    expect(ids(rows)).toEqual(['mine', 'team', 'passed-on', 'given-to-me']);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((r) => r.seq).toSorted((a, b) => a - b));
    // The batch limit holds across the three arms, and the checkpoint moves on from the last.
    const two = await db.pull('callbacks', 0, 2, 'op1');
    expect(ids(two)).toEqual(['mine', 'team']);
    expect(ids(await db.pull('callbacks', two.at(-1)!.seq, 2, 'op1'))).toEqual(['passed-on', 'given-to-me']);
  });

  it('counts and lists live documents; finds documents by a field, deleted ones too', async () => {
    await write('calls', { id: 'c1', prospectId: 'p1', operatorId: 'op' });
    await write('calls', { id: 'c2', prospectId: 'p1', operatorId: 'op', _deleted: true });
    await write('calls', { id: 'c3', prospectId: 'p2', operatorId: 'op' });
    expect(await db.countLive('calls')).toBe(2);
    expect(ids(await db.allLive('calls')).toSorted()).toEqual(['c1', 'c3']);
    expect(ids(await db.byField('calls', 'prospectId', ['p1'])).toSorted()).toEqual(['c1', 'c2']);
    expect(ids(await db.byField('calls', 'prospectId', ['p1', 'p2'])).toSorted()).toEqual(['c1', 'c2', 'c3']);
    expect(await db.byField('calls', 'prospectId', [])).toEqual([]);
    await expect(db.byField('calls', "x') OR 1=1 --", ['p1'])).rejects.toThrow(/not a field name/);
  });

  it('finds exactly the open personal callbacks due by a moment', async () => {
    const now = Date.parse('2027-03-03T09:00:00Z');
    let n = 0;
    const wanted: string[] = [];
    for (const scope of ['personal', 'team'])
      for (const done of [false, true])
        for (const dueAt of [now - 3_600_000, now + 3_600_000])
          for (const deleted of [false, true]) {
            const id = `cb-${++n}`;
            await write('callbacks', { id, scope, done, dueAt, assigneeId: 'op', createdBy: 'op', _deleted: deleted });
            if (scope === 'personal' && !done && dueAt <= now && !deleted) wanted.push(id);
          }
    expect(ids(await db.openPersonalCallbacksDueBy(now))).toEqual(wanted);
  });
});

describe(`transactions (${STORE})`, () => {
  it('lands all of a transaction or none of it, audit entries included', async () => {
    await write('prospects', { id: 'kept' });
    const before = await db.auditLog({}, 1000);
    await expect(
      db.transaction(async (q) => {
        await q.writeDoc(docWrite('prospects', { id: 'lost-1' }));
        await q.writeDoc(docWrite('prospects', { id: 'kept', changed: true }));
        throw new Error('refused half way');
      }),
    ).rejects.toThrow('refused half way');
    expect(await db.getDoc('prospects', 'lost-1')).toBeNull();
    expect(JSON.parse((await db.getDoc('prospects', 'kept'))!.data)).not.toHaveProperty('changed');
    expect(await db.auditLog({}, 1000)).toEqual(before);
  });

  it('commits a decided write only if what it read is unchanged since, or writes nothing', async () => {
    const seq = await write('prospects', { id: 'p1', v: 1 });
    const change = docWrite('prospects', { id: 'p1', v: 2 });
    expect(await db.commit([{ collection: 'prospects', id: 'p1', seq: seq - 1 }], [change])).toBeNull();
    expect(await db.commit([{ collection: 'prospects', id: 'p1', seq: null }], [change])).toBeNull();
    expect(await db.commit([{ collection: 'prospects', id: 'gone', seq: 1 }], [change])).toBeNull();
    expect(JSON.parse((await db.getDoc('prospects', 'p1'))!.data)).toMatchObject({ v: 1 });
    const before = await db.auditLog({}, 1000);
    const seqs = await db.commit(
      [
        { collection: 'prospects', id: 'p1', seq },
        { collection: 'calls', id: 'c1', seq: null },
      ],
      [change, docWrite('calls', { id: 'c1', operatorId: 'op1' })],
    );
    expect(seqs).toHaveLength(2);
    expect(seqs![0]).toBeGreaterThan(seq);
    expect(seqs![1]).toBeGreaterThan(seqs![0]!);
    expect(await db.getDoc('prospects', 'p1')).toMatchObject({ seq: seqs![0] });
    expect(await db.getDoc('calls', 'c1')).toMatchObject({ seq: seqs![1] });
    expect(ids(await db.pull('calls', 0, 10, 'op1'))).toEqual(['c1']);
    expect((await db.auditLog({}, 1000)).length).toBe(before.length + 2);
  });

  it('shows nobody a write before its transaction commits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const writtenInside = new Promise<void>((resolve) => (written = resolve));
    const slow = db.transaction(async (q) => {
      await q.writeDoc(docWrite('prospects', { id: 'pending' }));
      written();
      await gate;
    });
    await writtenInside;
    expect(await db.getDoc('prospects', 'pending')).toBeNull();
    expect(await db.pull('prospects', 0, 10)).toEqual([]);
    release();
    await slow;
    expect(await db.getDoc('prospects', 'pending')).not.toBeNull();
  });

  it('lets one writing transaction run at a time: the second waits for the first to commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstIn!: () => void;
    const firstStarted = new Promise<void>((resolve) => (firstIn = resolve));
    const order: string[] = [];
    const first = db.transaction(async (q) => {
      await q.writeDoc(docWrite('prospects', { id: 'first' }));
      firstIn();
      await gate;
      order.push('first commits');
    });
    await firstStarted;
    const second = db.transaction(async (q) => {
      order.push('second runs');
      await q.writeDoc(docWrite('prospects', { id: 'second' }));
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second runs']);
    const [a, b] = await Promise.all([db.getDoc('prospects', 'first'), db.getDoc('prospects', 'second')]);
    expect(b!.seq).toBeGreaterThan(a!.seq);
  });

  it('never lets a puller skip a write: many concurrent writers, pullers following checkpoints', async () => {
    const other = (await open.another()) ?? db;
    const writers = 8;
    const perWriter = 25;
    const expected = new Set<string>();
    let writing = true;
    const sleep = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    const writer = async (w: number, store: Backend) => {
      for (let t = 0; t < perWriter; t++) {
        const size = 1 + ((w + t) % 3);
        const batch = Array.from({ length: size }, (_, i) => `w${w}-t${t}-d${i}`);
        await store.transaction(async (q) => {
          for (const id of batch) {
            await q.writeDoc(docWrite('calls', { id, operatorId: `op${w}` }));
            await sleep();
          }
        });
        for (const id of batch) expected.add(id);
      }
    };
    const puller = async (store: Backend) => {
      const seen = new Set<string>();
      let checkpoint = 0;
      for (;;) {
        const done = !writing;
        const rows = await store.pull('calls', checkpoint, 7);
        for (const [i, row] of rows.entries()) {
          expect(row.seq).toBeGreaterThan(i === 0 ? checkpoint : rows[i - 1]!.seq);
          seen.add((JSON.parse(row.data) as { id: string }).id);
        }
        if (rows.length > 0) checkpoint = rows.at(-1)!.seq;
        else if (done) return seen;
        else await sleep();
      }
    };
    const pullers = [puller(db), puller(other), puller(db)];
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w, w % 2 === 0 ? db : other)));
    writing = false;
    for (const seen of await Promise.all(pullers)) expect([...seen].toSorted()).toEqual([...expected].toSorted());
    let total = 0;
    for (let w = 0; w < writers; w++) for (let t = 0; t < perWriter; t++) total += 1 + ((w + t) % 3);
    expect(expected.size).toBe(total);
  });

  // Why the write lock: PostgreSQL hands out sequence numbers at once but commits in any order.
  it.skipIf(STORE !== 'postgres')(
    'a bare sequence would let a puller skip a write for good (what the write lock prevents)',
    async () => {
      const { pool } = db as PostgresBackend;
      const [early, late] = [await pool.connect(), await pool.connect()];
      // Prospects: a collection no figure is kept of (a call's tally row would make the two wait on each other).
      const insert = (id: string) =>
        `WITH entry AS (INSERT INTO audit (at, user_id, role, collection, doc_id, action, data)
           VALUES ('2027-01-01', 't', 'admin', 'prospects', '${id}', 'create', '{}') RETURNING seq)
         INSERT INTO docs (collection, id, seq, deleted, data) SELECT 'prospects', '${id}', seq, false, '{"id":"${id}"}' FROM entry`;
      try {
        await early.query('BEGIN');
        await early.query(insert('early'));
        await late.query('BEGIN');
        await late.query(insert('late'));
        await late.query('COMMIT');
        const first = await db.pull('prospects', 0, 10);
        expect(ids(first)).toEqual(['late']);
        await early.query('COMMIT');
        // The puller's checkpoint is past the early write's number: it never sees it.
        expect(await db.pull('prospects', first.at(-1)!.seq, 10)).toEqual([]);
        expect(ids(await db.pull('prospects', 0, 10))).toEqual(['early', 'late']);
      } finally {
        early.release();
        late.release();
      }
    },
  );

  it('runs a periodic job once at a time, across instances', async () => {
    const other = (await open.another()) ?? db;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const first = db.runExclusive('job', async () => {
      inside();
      await gate;
    });
    await entered;
    expect(await other.runExclusive('job', async () => undefined)).toBe(false);
    expect(await other.runExclusive('another job', async () => undefined)).toBe(true);
    release();
    expect(await first).toBe(true);
    expect(await other.runExclusive('job', async () => undefined)).toBe(true);
  });
});

describe(`the audit log (${STORE})`, () => {
  const event = (userId: string, docId: string, at: string, action = 'sign_in') => ({
    at,
    userId,
    role: 'operator',
    collection: 'auth',
    docId,
    action,
    data: JSON.stringify({ address: '10.0.0.1' }),
  });

  it('answers newest first, filtered by who, by document, by time, before an entry, up to a limit', async () => {
    await db.appendAudit(event('u1', 'u1', '2027-01-01T10:00:00.000Z'));
    await db.appendAudit(event('u2', 'u2', '2027-01-02T10:00:00.000Z'));
    await db.appendAudit(event('admin', 'u1', '2027-01-03T10:00:00.000Z', 'password_reset'));
    const all = await db.auditLog({}, 10);
    expect(all.map((e) => e.action)).toEqual(['password_reset', 'sign_in', 'sign_in']);
    expect(JSON.parse(all[0]!.data)).toEqual({ address: '10.0.0.1' });
    expect((await db.auditLog({ user: 'u1' }, 10)).map((e) => e.userId)).toEqual(['admin', 'u1']);
    expect((await db.auditLog({ doc: 'u2' }, 10)).map((e) => e.userId)).toEqual(['u2']);
    const from = Date.parse('2027-01-02T00:00:00Z');
    const to = Date.parse('2027-01-03T00:00:00Z');
    expect((await db.auditLog({ from, to }, 10)).map((e) => e.userId)).toEqual(['u2']);
    expect((await db.auditLog({ before: all[0]!.seq }, 1)).map((e) => e.userId)).toEqual(['u2']);
  });

  it('is append-only, but for replacing a copy with an erased one', async () => {
    await write('prospects', { id: 'p1', name: 'Иванов' });
    const [copy] = await db.auditCopies('prospects', 'p1');
    expect(JSON.parse(copy!.data)).toMatchObject({ name: 'Иванов' });
    await expect(db.sql('DELETE FROM audit')).rejects.toThrow(/append-only/);
    await expect(db.sql("UPDATE audit SET user_id = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.rewriteAuditCopy(copy!.seq, JSON.stringify({ id: 'p1' }))).rejects.toThrow(/append-only/);
    await db.rewriteAuditCopy(copy!.seq, JSON.stringify({ id: 'p1', erased: '2027-01-01T00:00:00.000Z' }));
    const [after] = await db.auditCopies('prospects', 'p1');
    expect(JSON.parse(after!.data)).toEqual({ id: 'p1', erased: '2027-01-01T00:00:00.000Z' });
  });
});

describe(`the schema (${STORE})`, () => {
  it('keeps what it holds across a restart, and refuses a store a newer version wrote', async () => {
    const seq = await write('prospects', { id: 'kept' });
    db = await open.reopen();
    expect(await db.getDoc('prospects', 'kept')).toMatchObject({ seq });
    await db.sql(
      STORE === 'sqlite' ? 'PRAGMA user_version = 999' : "UPDATE meta SET value = '999' WHERE key = 'schema_version'",
    );
    await expect(open.reopen()).rejects.toThrow(/written by a newer Leadline \(schema 999/);
  });
});

describe(`credentials, sessions and settings of the server (${STORE})`, () => {
  it('keeps one credential per username, whatever its case', async () => {
    expect(await db.insertCredential('u1', 'Operator1', 'hash-1')).toBe(true);
    expect(await db.insertCredential('u2', 'operator1', 'hash-2')).toBe(false);
    expect(await db.credentialByUsername('OPERATOR1')).toEqual({ userId: 'u1', passwordHash: 'hash-1' });
    await db.setPassword('u1', 'hash-3');
    expect(await db.credentialByUsername('operator1')).toEqual({ userId: 'u1', passwordHash: 'hash-3' });
    expect(await db.credentialByUsername('nobody')).toBeNull();
  });

  it('keeps sessions: rotation, revocation (once), the live ones of a user', async () => {
    const session = (id: string) => ({
      id,
      userId: 'u1',
      refreshHash: `h-${id}`,
      createdAt: 1_800_000_000_000,
      expiresAt: 1_900_000_000_000,
      revokedAt: null,
      prevHash: null,
      rotatedAt: 0,
      chainKey: `k-${id}`,
    });
    await db.insertSession(session('s1'));
    await db.insertSession(session('s2'));
    expect(await db.getSession('s1')).toEqual(session('s1'));
    await db.rotateSession('s1', 'h-next', 'h-s1', 1_800_000_000_500);
    expect(await db.getSession('s1')).toMatchObject({
      refreshHash: 'h-next',
      prevHash: 'h-s1',
      rotatedAt: 1_800_000_000_500,
    });
    expect((await db.liveSessionIds('u1')).toSorted()).toEqual(['s1', 's2']);
    expect(await db.revokeSessions(['s1', 'nope'], 1_800_000_001_000)).toEqual(['s1']);
    expect(await db.revokeSessions(['s1'], 1_800_000_002_000)).toEqual([]);
    expect(await db.getSession('s1')).toMatchObject({ revokedAt: 1_800_000_001_000 });
    expect(await db.liveSessionIds('u1')).toEqual(['s2']);
  });

  it('keeps small settings of its own', async () => {
    expect(await db.getMeta('k')).toBeNull();
    await db.setMeta('k', 'one');
    await db.setMeta('k', 'two');
    expect(await db.getMeta('k')).toBe('two');
    await db.deleteMeta('k');
    expect(await db.getMeta('k')).toBeNull();
  });
});
