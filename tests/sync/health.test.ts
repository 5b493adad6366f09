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
  ts = await startTestServer({ metricsToken: 'scrape-me-7f3a' }, false);
});
afterAll(() => ts.stop());

describe(`the health check and the metrics (${STORE})`, () => {
  it('shows a scraper holding the token its requests, durations, streams and health, in Prometheus text', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${ts.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${ts.url}/api/nothing-here`)).status).toBe(404);
    expect((await fetch(`${ts.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${ts.url}/api/metrics`, { headers: { authorization: 'Bearer scrape-me-7f3b' } });
    expect(wrong.status).toBe(401);
    const res = await fetch(`${ts.url}/api/metrics`, { headers: { authorization: 'Bearer scrape-me-7f3a' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(`leadline_build_info{version="`);
    expect(text).toContain(`store="${STORE}"} 1`);
    expect(text).toContain('leadline_up 1');
    expect(text).toContain('leadline_streams_open 0');
    expect(text).toContain('leadline_http_requests_total{method="GET",route="/api/health",status="200"} 3');
    expect(text).toContain('leadline_http_request_duration_seconds_count{method="GET",route="/api/health"} 3');
    expect(text).toMatch(
      /leadline_http_request_duration_seconds_bucket\{method="GET",route="\/api\/health",le="\+Inf"\} 3/,
    );
    expect(text).toMatch(/leadline_event_loop_delay_seconds\{quantile="0.99"\} [0-9.e-]+/);
    // Every sample line is a name, optional labels and a number.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
    // Without the variable the route does not exist.
    const plain = await startTestServer({}, false);
    expect((await fetch(`${plain.url}/api/metrics`)).status).toBe(404);
    await plain.stop();
  });

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
    const metrics = await fetch(`${ts.url}/api/metrics`, { headers: { authorization: 'Bearer scrape-me-7f3a' } });
    expect(await metrics.text()).toContain('leadline_up 0');
  });
});
