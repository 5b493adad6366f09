import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerAddress } from '../../shared/sync/server-address.ts';
import type { HealthResponse } from '../../shared/sync/wire.ts';
import { STORE, startTestServer, type TestServer } from './harness.ts';

/**
 * The health check a load balancer asks: it answers 200 while the instance can serve and 503 with
 * the reason once its store does not answer, so requests go to an instance that can serve them; a
 * workstation testing the address hears that it reached Leadline, and why it cannot work now.
 */
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({}, false);
});
afterAll(() => ts.stop());

describe(`the health check (${STORE})`, () => {
  it('says ok while the store answers, and 503 with the reason once it does not', async () => {
    const ok = await fetch(`${ts.url}/api/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', product: 'leadline' });

    // The store goes away under the running server (a lost disk, a database that went down).
    await ts.server.backend.close();
    const down = await fetch(`${ts.url}/api/health`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as HealthResponse;
    expect(body).toMatchObject({ status: 'unavailable', product: 'leadline' });
    expect(body.problem).toMatch(STORE === 'sqlite' ? /database does not answer/ : /PostgreSQL does not answer/);
    await expect(testServerAddress(ts.url, fetch)).resolves.toEqual({
      ok: false,
      problem: 'unavailable',
      detail: body.problem,
    });
  });
});
