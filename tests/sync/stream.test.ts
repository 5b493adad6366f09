import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVersions, ownVersions, SCHEMA_HEADER } from '../../shared/schemas/versions.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import { buildProspect, emptyProspectInput } from '../../shared/calling/prospect.ts';
import { readSse } from '../../shared/sync/transport/sse.ts';
import type { LoginResponse } from '../../shared/sync/wire.ts';
import { PASSWORD, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function login(username: string): Promise<LoginResponse> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return (await res.json()) as LoginResponse;
}

/** Reads events from a raw SSE response until `count` have arrived. */
async function take(body: ReadableStream<Uint8Array>, count: number, abort: AbortController): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const data of readSse(body, abort.signal)) {
    events.push(JSON.parse(data));
    if (events.length === count) break;
  }
  return events;
}

describe('per-collection event stream (the protocol as specified)', () => {
  it('starts with RESYNC, then carries accepted writes as {documents, checkpoint}', async () => {
    const op = await login('operator1');
    const abort = new AbortController();
    // A client names the schema versions it holds (an older one, naming fewer, gets fewer fields).
    const res = await fetch(`${server.url}/api/replication/prospects/stream`, {
      headers: { authorization: `Bearer ${op.accessToken}`, [SCHEMA_HEADER]: formatVersions(ownVersions()) },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const built = buildProspect(
      { ...emptyProspectInput(), name: 'ООО «Поток»' },
      { id: uuidv7(), actorId: op.user.id, now: Date.now() },
    );
    if (!built.ok) throw new Error('fixture');
    const doc = { ...built.prospect, _deleted: false };
    const events = take(res.body!, 2, abort);
    await fetch(`${server.url}/api/replication/prospects/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${op.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: doc }]),
    });
    const [first, second] = await events;
    abort.abort();
    expect(first).toBe('RESYNC');
    expect(second).toEqual({ documents: [doc], checkpoint: { seq: expect.any(Number) } });
  });

  it('refuses a stream of a collection the role may not read', async () => {
    const sales = await login('sales1');
    const res = await fetch(`${server.url}/api/replication/callbacks/stream`, {
      headers: { authorization: `Bearer ${sales.accessToken}` },
    });
    expect(res.status).toBe(403);
  });
});
