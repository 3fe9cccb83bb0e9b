import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` at the root runs every package's tests. Projects that open databases share one PGlite
 * template per worker (isolate: false keeps the module cache, and so the template, across test files), which
 * saves ~10 s of PostGIS start-up per file. With DATABASE_URL set the same tests run against PostgreSQL.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          include: ['shared/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['db/src/**/*.test.ts', 'db/seed/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'gps-ingest',
          include: ['gps-ingest/src/**/*.test.ts', 'load-tests/ingest/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'dispatch-core',
          include: ['dispatch-core/src/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'simulator',
          include: ['simulator/src/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'console',
          include: ['console/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
