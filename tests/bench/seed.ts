import { createServer, type Server } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { demoCallList, demoProspects, demoScripts } from '../../server/seed/demo-data.ts';
import type { Prospect } from '../../shared/core/types.ts';
import { openCallback } from './open-callback.ts';

export const PASSWORD = 'bench-password';
export const CALLBACKS = 5000;

export interface BenchBase {
  server: Server;
  prospects: Prospect[];
  callbacks: ReturnType<typeof openCallback>[];
  operatorId: string;
  salesUsername: string;
  seedMs: number;
}

/**
 * A server on its own data dir with `count` prospects, an operator ("bench") working a list of them,
 * 5,000 callbacks of that operator (half due), the demo scripts and a sales user ("bench-sales").
 */
export async function seedBench(dataDir: string, webRoot: string, count: number, now: number): Promise<BenchBase> {
  const server = await createServer({ ...configFromEnv({}), dataDir, demo: false, webRoot, serveBench: true });
  const seedStart = performance.now();
  const prospects = demoProspects(count, now);
  for (let i = 0; i < prospects.length; i += 5000) {
    await server.docs.writeSystem(
      'prospects',
      prospects.slice(i, i + 5000).map((p) => ({ ...p, _deleted: false })),
    );
  }
  const sales = await server.auth.createUser({
    username: 'bench-sales',
    name: 'Bench Sales',
    role: 'sales',
    password: PASSWORD,
  });
  const operator = await server.auth.createUser({
    username: 'bench',
    name: 'Bench',
    role: 'operator',
    password: PASSWORD,
  });
  await server.docs.writeSystem('callLists', [{ ...demoCallList(now, [operator.id]), _deleted: false }]);
  await server.docs.writeSystem(
    'scripts',
    demoScripts(now).map((sc) => ({ ...sc, _deleted: false })),
  );
  const callbacks = Array.from({ length: CALLBACKS }, (_, i) =>
    openCallback({
      id: `bench-cb-${i}`,
      prospectId: prospects[(i * 7919) % count]!.id,
      dueAt: now + (i % 2 === 0 ? -1 : 1) * (i + 1) * 60_000,
      scope: i % 3 === 0 ? 'team' : 'personal',
      assigneeId: operator.id,
    }),
  );
  for (let i = 0; i < callbacks.length; i += 2500)
    await server.docs.writeSystem('callbacks', callbacks.slice(i, i + 2500));
  return {
    server,
    prospects,
    callbacks,
    operatorId: operator.id,
    salesUsername: sales.username,
    seedMs: performance.now() - seedStart,
  };
}
