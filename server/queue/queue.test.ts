import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from '../app.ts';
import { configFromEnv } from '../config.ts';
import { claimProspect } from './claims.ts';
import { escalateOverdueCallbacks } from './escalation.ts';

let server: Server;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-queue-'));
  server = await createServer({ ...configFromEnv({}), dataDir, demo: true, webRoot: null });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('claims', () => {
  it('gives a prospect to the first operator only, until the claim lapses', async () => {
    const now = Date.now();
    const a = { id: 'op-a', role: 'operator' as const };
    const b = { id: 'op-b', role: 'operator' as const };
    expect((await claimProspect(server.docs, a, 'demo-p-000002', now)).result).toMatchObject({ ok: true });
    expect((await claimProspect(server.docs, b, 'demo-p-000002', now)).result).toEqual({
      ok: false,
      reason: 'claimed',
      holder: 'op-a',
    });
    expect((await claimProspect(server.docs, a, 'demo-p-000002', now)).result).toMatchObject({ ok: true });
    expect((await claimProspect(server.docs, b, 'demo-p-000002', now + 21 * 60_000)).result).toMatchObject({
      ok: true,
    });
    await expect(claimProspect(server.docs, { id: 's', role: 'sales' }, 'demo-p-000002', now)).rejects.toThrow(
      /does not make calls/,
    );
    await expect(claimProspect(server.docs, a, 'nope', now)).rejects.toThrow(/No such prospect/);
  });
});

describe('callback escalation', () => {
  it('turns a personal callback overdue past the limit into a team callback, once', async () => {
    const cb = await server.docs.get('callbacks', 'demo-cb-r1');
    expect(cb).toMatchObject({ scope: 'personal', done: false });
    const due = Number(cb?.dueAt);
    const ids = async (at: number) => (await escalateOverdueCallbacks(server.docs, at)).map((w) => w.doc.id);
    expect(await ids(due + 59 * 60_000)).not.toContain('demo-cb-r1');
    const written = await escalateOverdueCallbacks(server.docs, due + 61 * 60_000);
    expect(written.map((w) => w.doc.id)).toContain('demo-cb-r1');
    expect(await server.docs.get('callbacks', 'demo-cb-r1')).toMatchObject({ scope: 'team' });
    expect(await ids(due + 62 * 60_000)).not.toContain('demo-cb-r1');
  });
});

describe('escalation reads through its index', () => {
  it('finds exactly the open personal callbacks past due, whatever else the collection holds', async () => {
    const now = Date.parse('2027-03-03T09:00:00Z');
    const base = {
      createdAt: now,
      updatedAt: now,
      prospectId: 'demo-p-000001',
      timeZone: 'Europe/Moscow',
      reason: 'retry',
      assigneeId: 'op',
      createdBy: 'op',
      doneAt: 0,
      askedFor: 0,
      outsideHoursAllowedAt: 0,
      note: '',
      _deleted: false,
    };
    const variants = [];
    for (const scope of ['personal', 'team'])
      for (const done of [false, true])
        for (const dueAt of [now - 3 * 3_600_000, now - 30 * 60_000, now + 3_600_000])
          for (const deleted of [false, true])
            variants.push({
              ...base,
              id: `esc-${scope}-${done}-${dueAt}-${deleted}`,
              scope,
              done,
              dueAt,
              _deleted: deleted,
            });
    await server.docs.writeSystem('callbacks', variants);
    const dueBy = now - 60 * 60_000;
    const found = (await server.docs.openPersonalCallbacksDueBy(dueBy))
      .map((d) => d.id)
      .filter((id) => id.startsWith('esc-'));
    expect(found).toEqual([`esc-personal-false-${now - 3 * 3_600_000}-false`]);
    // The same answer as reading everything and filtering, which the job did before.
    const everything = (await server.docs.all('callbacks'))
      .filter((d) => d.scope === 'personal' && d.done === false && Number(d.dueAt) <= dueBy)
      .map((d) => d.id)
      .toSorted();
    expect((await server.docs.openPersonalCallbacksDueBy(dueBy)).map((d) => d.id).toSorted()).toEqual(everything);
  });
});
