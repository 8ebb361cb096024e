import { defineConfig } from 'vitest/config';

// Two projects: the server and pure tests beside the code, the benchmarks' pure parts among them
// (integration tests run on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set), and
// browser journeys in e2e/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          globalSetup: ['src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
