import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../shared/core/ids.ts';
import { NOTE_SEPARATOR } from '../../shared/sync/merge/three-way.ts';
import { buildProspect, emptyProspectInput } from '../../shared/calling/prospect.ts';
import type { Prospect } from '../../shared/core/types.ts';
import type { StreamEvent } from '../../shared/sync/wire.ts';
import { connectClient, eventually, type TestClient, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function client(username: string): Promise<TestClient> {
  const c = await connectClient(server.url, username);
  clients.push(c);
  return c;
}

function newProspect(c: TestClient, name: string, phone: string): Prospect {
  const result = buildProspect(
    { ...emptyProspectInput(), name, phone, region: 'Москва' },
    { id: uuidv7(), actorId: c.user.id, now: Date.now() },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.prospect;
}

async function read(c: TestClient, id: string): Promise<Prospect | null> {
  const doc = await c.db.prospects.findOne(id).exec();
  return doc ? (doc.toMutableJSON() as Prospect) : null;
}

async function edit(c: TestClient, id: string, patch: Partial<Prospect>): Promise<void> {
  const current = await read(c, id);
  if (!current) throw new Error(`${id} missing on ${c.user.username}`);
  await c.repo.save('prospects', { ...current, ...patch, updatedAt: Date.now() });
}

describe('replication between two RxDB clients through the real server', () => {
  it('pulls the demo base on first sync', async () => {
    const a = await client('operator1');
    expect(await a.db.prospects.count().exec()).toBe(300);
    expect(await a.db.scripts.count().exec()).toBe(2);
    expect(await a.db.settings.count().exec()).toBe(1);
  });

  it('propagates create, edit and delete', async () => {
    const a = await client('operator1');
    const b = await client('operator2');
    const sup = await client('supervisor1');
    const p = newProspect(a, 'ООО «Созданная»', '8 (912) 000-11-22');
    await a.repo.save('prospects', p);
    await eventually(async () => expect((await read(b, p.id))?.phone).toBe('+79120001122'));

    await edit(a, p.id, { industry: 'Демонтаж' });
    await eventually(async () => expect((await read(b, p.id))?.industry).toBe('Демонтаж'));

    await sup.repo.remove('prospects', p.id);
    await eventually(async () => {
      expect(await read(a, p.id)).toBeNull();
      expect(await read(b, p.id)).toBeNull();
    });
    expect((await server.server.docs.get('prospects', p.id))?._deleted).toBe(true);
    await eventually(() => expect(a.repo.pending.count + sup.repo.pending.count).toBe(0));
  });

  it('merges offline edits of different fields from both sides', async () => {
    const a = await client('operator1');
    const b = await client('operator2');
    const p = newProspect(a, 'ООО «Слияние»', '+7 495 111-22-33');
    await a.repo.save('prospects', p);
    await eventually(async () => expect(await read(b, p.id)).not.toBeNull());

    a.goOffline();
    b.goOffline();
    await edit(a, p.id, { industry: 'Энергетика' });
    await edit(b, p.id, { region: 'Новосибирская область', timeZone: 'Asia/Novosibirsk' });
    expect(a.repo.pending.count).toBe(1);

    a.goOnline();
    await a.replication.awaitInSync();
    b.goOnline();
    await b.replication.awaitInSync();

    await eventually(async () => {
      for (const c of [a, b]) {
        const doc = await read(c, p.id);
        expect(doc?.industry).toBe('Энергетика');
        expect(doc?.region).toBe('Новосибирская область');
        expect(doc?.timeZone).toBe('Asia/Novosibirsk');
      }
    });
    const stored = await server.server.docs.get('prospects', p.id);
    expect(stored?.industry).toBe('Энергетика');
    expect(stored?.region).toBe('Новосибирская область');
  });

  it('resolves the same field edited on both sides: first to the server wins, notes keep both texts', async () => {
    const a = await client('operator1');
    const b = await client('operator2');
    const p = { ...newProspect(a, 'ООО «Конфликт»', '+7 343 222-33-44'), notes: 'Первый звонок.' };
    await a.repo.save('prospects', p);
    await eventually(async () => expect(await read(b, p.id)).not.toBeNull());

    a.goOffline();
    b.goOffline();
    await edit(a, p.id, { industry: 'Промышленность', notes: 'Первый звонок.\nА: перезвонить в марте.', attempts: 1 });
    await edit(b, p.id, { industry: 'Девелопмент', notes: 'Первый звонок.\nБ: нужен расчёт.', attempts: 1 });

    a.goOnline();
    await a.replication.awaitInSync();
    b.goOnline();
    await b.replication.awaitInSync();

    const expectedNotes = `Первый звонок.\nА: перезвонить в марте.${NOTE_SEPARATOR}Б: нужен расчёт.`;
    await eventually(async () => {
      for (const c of [a, b]) {
        const doc = await read(c, p.id);
        expect(doc?.industry).toBe('Промышленность');
        expect(doc?.notes).toBe(expectedNotes);
        expect(doc?.attempts).toBe(2);
      }
    });
    expect((await server.server.docs.get('prospects', p.id))?.notes).toBe(expectedNotes);
  });

  it('converges when a client clock is a day off', async () => {
    const a = await client('operator1');
    const b = await client('operator2');
    const p = newProspect(a, 'ООО «Часовой пояс»', '+7 423 555-66-77');
    await a.repo.save('prospects', p);
    await eventually(async () => expect(await read(b, p.id)).not.toBeNull());

    a.goOffline();
    b.goOffline();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 24 * 3600 * 1000 });
    try {
      await edit(b, p.id, { industry: 'Из будущего', notes: 'Б: запись с часами на сутки вперёд' });
    } finally {
      vi.useRealTimers();
    }
    await edit(a, p.id, { region: 'Приморский край' });

    // The client with the skewed clock reaches the server first; order is the server's, not the clocks'.
    b.goOnline();
    await b.replication.awaitInSync();
    a.goOnline();
    await a.replication.awaitInSync();

    await eventually(async () => {
      for (const c of [a, b]) {
        const doc = await read(c, p.id);
        expect(doc?.industry).toBe('Из будущего');
        expect(doc?.region).toBe('Приморский край');
        expect(doc?.notes).toBe('Б: запись с часами на сутки вперёд');
      }
    });
  });

  it('treats a replayed push as a no-op', async () => {
    const a = await client('operator1');
    const p = { ...newProspect(a, 'ООО «Повтор»', '+7 812 444-55-66'), _deleted: false };
    const auditCount = async () => Number((await server.server.backend.sql('SELECT COUNT(*) AS n FROM audit'))[0]?.n);

    expect(await a.transport.push('prospects', [{ newDocumentState: p }])).toEqual([]);
    const afterFirst = await auditCount();
    expect(await a.transport.push('prospects', [{ newDocumentState: p }])).toEqual([]);
    expect(await auditCount()).toBe(afterFirst);

    const edited = { ...p, industry: 'Ремонт' };
    expect(await a.transport.push('prospects', [{ assumedMasterState: p, newDocumentState: edited }])).toEqual([]);
    const afterEdit = await auditCount();
    expect(await a.transport.push('prospects', [{ assumedMasterState: p, newDocumentState: edited }])).toEqual([]);
    expect(await auditCount()).toBe(afterEdit);
    expect(await server.server.docs.get('prospects', p.id)).toEqual(edited);

    // A stale write that is not a replay conflicts and gets the master state back.
    const stale = { ...p, industry: 'Другое' };
    const conflicts = await a.transport.push('prospects', [{ assumedMasterState: p, newDocumentState: stale }]);
    expect(conflicts).toEqual([edited]);
    expect(await auditCount()).toBe(afterEdit);
  });

  it('sends RESYNC on every stream connect, so a reconnecting client receives what it missed', async () => {
    const a = await client('operator1');
    const b = await client('operator2');
    const events: StreamEvent[] = [];
    const stop = b.transport.onStream((e) => events.push(e));

    b.goOffline();
    const missed = newProspect(a, 'ООО «Пропущенная»', '+7 391 777-88-99');
    await a.repo.save('prospects', missed);
    await eventually(async () => expect(await server.server.docs.get('prospects', missed.id)).not.toBeNull());
    expect(await read(b, missed.id)).toBeNull();

    expect(events).not.toContain('RESYNC');
    b.goOnline();
    await eventually(() => expect(events).toContain('RESYNC'));
    await eventually(async () => expect((await read(b, missed.id))?.name).toBe('ООО «Пропущенная»'));
    stop();
  });
});
