import { defineConfig } from 'vitest/config';

/** The storage, replication, concurrency and security suites: run on SQLite and on PostgreSQL. */
const SERVER_SUITES = ['tests/storage/**/*.test.ts', 'tests/sync/**/*.test.ts', 'tests/security/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'sync',
          include: SERVER_SUITES,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The same suites on PostgreSQL: a cluster of the run's own (Debian's packages), a database per server.
        test: {
          name: 'sync-postgres',
          include: SERVER_SUITES,
          globalSetup: ['tests/support/postgres-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Packages the desktop app (`npm run build` first): run by test:packaging after the build.
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
    ],
  },
});
