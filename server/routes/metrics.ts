import { timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.ts';

/** Upper bounds (seconds) of the request duration histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RouteFigures {
  counts: Map<number, number>;
  buckets: number[];
  sum: number;
  count: number;
}

/** What an instance shows its scraper beside its own counts. */
export interface MetricsSources {
  version: string;
  store: 'sqlite' | 'postgres';
  /** Event streams open on this instance. */
  streams: () => number;
  /** Whether the instance can serve (the health check's answer). */
  healthy: () => Promise<boolean>;
}

/**
 * `GET /api/metrics`: the instance's figures in Prometheus' text format, for the monitoring an
 * operations team already runs — requests and their durations per route and status, open event
 * streams, event loop delay, memory, CPU, health. Scrapers present `LEADLINE_METRICS_TOKEN` as a
 * bearer token; without the variable the route does not exist. Streams are left out of the
 * durations (they last as long as a workstation is connected).
 */
export function metricsRoutes(app: FastifyInstance, token: string | null, sources: MetricsSources): void {
  if (!token) return;
  const routes = new Map<string, RouteFigures>();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route.endsWith('/stream') || route === '/api/metrics') return;
    const key = `${request.method} ${route}`;
    let figures = routes.get(key);
    if (!figures) routes.set(key, (figures = { counts: new Map(), buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    figures.counts.set(reply.statusCode, (figures.counts.get(reply.statusCode) ?? 0) + 1);
    const seconds = reply.elapsedTime / 1000;
    figures.sum += seconds;
    figures.count += 1;
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) figures.buckets[i]! += 1;
    });
  });
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/api/metrics', async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new HttpError(401, 'unauthorized', 'The metrics token is missing or wrong');
    reply.type('text/plain; version=0.0.4');
    return exposition(routes, loop, sources, await sources.healthy());
  });
}

const label = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

function exposition(
  routes: Map<string, RouteFigures>,
  loop: ReturnType<typeof monitorEventLoopDelay>,
  sources: MetricsSources,
  healthy: boolean,
): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: string[]) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  metric('leadline_build_info', 'gauge', 'The version and store of this instance.', [
    `leadline_build_info{version="${label(sources.version)}",store="${sources.store}"} 1`,
  ]);
  metric('leadline_up', 'gauge', 'Whether this instance can serve (its health check passes).', [
    `leadline_up ${healthy ? 1 : 0}`,
  ]);
  metric('leadline_streams_open', 'gauge', 'Event streams open on this instance.', [
    `leadline_streams_open ${sources.streams()}`,
  ]);
  const requests: string[] = [];
  const durations: string[] = [];
  for (const [key, figures] of [...routes].toSorted(([a], [b]) => a.localeCompare(b))) {
    const [method, route] = key.split(' ') as [string, string];
    const on = `method="${method}",route="${label(route)}"`;
    for (const [status, count] of [...figures.counts].toSorted(([a], [b]) => a - b))
      requests.push(`leadline_http_requests_total{${on},status="${status}"} ${count}`);
    BUCKETS.forEach((bound, i) =>
      durations.push(`leadline_http_request_duration_seconds_bucket{${on},le="${bound}"} ${figures.buckets[i]}`),
    );
    durations.push(
      `leadline_http_request_duration_seconds_bucket{${on},le="+Inf"} ${figures.count}`,
      `leadline_http_request_duration_seconds_sum{${on}} ${figures.sum}`,
      `leadline_http_request_duration_seconds_count{${on}} ${figures.count}`,
    );
  }
  metric('leadline_http_requests_total', 'counter', 'Requests answered, by route and status.', requests);
  metric('leadline_http_request_duration_seconds', 'histogram', 'Time to answer, by route.', durations);
  const ns = (v: number) => (Number.isFinite(v) ? v / 1e9 : 0);
  metric('leadline_event_loop_delay_seconds', 'gauge', 'Event loop delay since the last scrape.', [
    `leadline_event_loop_delay_seconds{quantile="0.5"} ${ns(loop.percentile(50))}`,
    `leadline_event_loop_delay_seconds{quantile="0.99"} ${ns(loop.percentile(99))}`,
    `leadline_event_loop_delay_seconds{quantile="1"} ${ns(loop.max)}`,
  ]);
  loop.reset();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory.', [`process_resident_memory_bytes ${memory.rss}`]);
  metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [`nodejs_heap_used_bytes ${memory.heapUsed}`]);
  metric('process_cpu_seconds_total', 'counter', 'CPU time, user and system.', [
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
  ]);
  return `${lines.join('\n')}\n`;
}
