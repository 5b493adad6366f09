import type { TestProject } from 'vitest/node';
import { startCluster } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `postgres` database of the cluster this run started; unset when the suite runs on SQLite. */
    postgresAdminUrl: string | undefined;
  }
}

/** Global setup of the `sync-postgres` project: one cluster for the run, a database per server. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
