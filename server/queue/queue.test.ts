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
  it('gives a prospect to the first operator only, until the claim lapses', () => {
    const now = Date.now();
    const a = { id: 'op-a', role: 'operator' as const };
    const b = { id: 'op-b', role: 'operator' as const };
    expect(claimProspect(server.docs, a, 'demo-p-000002', now).result).toMatchObject({ ok: true });
    expect(claimProspect(server.docs, b, 'demo-p-000002', now).result).toEqual({
      ok: false,
      reason: 'claimed',
      holder: 'op-a',
    });
    expect(claimProspect(server.docs, a, 'demo-p-000002', now).result).toMatchObject({ ok: true });
    expect(claimProspect(server.docs, b, 'demo-p-000002', now + 21 * 60_000).result).toMatchObject({ ok: true });
    expect(() => claimProspect(server.docs, { id: 's', role: 'sales' }, 'demo-p-000002', now)).toThrow(
      /does not make calls/,
    );
    expect(() => claimProspect(server.docs, a, 'nope', now)).toThrow(/No such prospect/);
  });
});

describe('callback escalation', () => {
  it('turns a personal callback overdue past the limit into a team callback, once', () => {
    const cb = server.docs.get('callbacks', 'demo-cb-r1');
    expect(cb).toMatchObject({ scope: 'personal', done: false });
    const due = Number(cb?.dueAt);
    expect(escalateOverdueCallbacks(server.docs, due + 59 * 60_000).map((w) => w.doc.id)).not.toContain('demo-cb-r1');
    const written = escalateOverdueCallbacks(server.docs, due + 61 * 60_000);
    expect(written.map((w) => w.doc.id)).toContain('demo-cb-r1');
    expect(server.docs.get('callbacks', 'demo-cb-r1')).toMatchObject({ scope: 'team' });
    expect(escalateOverdueCallbacks(server.docs, due + 62 * 60_000).map((w) => w.doc.id)).not.toContain('demo-cb-r1');
  });
});
