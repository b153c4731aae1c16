import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname),
  'server-only': path.resolve(import.meta.dirname, 'lib/testing/server-only-stub.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'analytics/**/*.test.ts',
            'lib/**/*.unit.test.ts',
            'db/**/*.unit.test.ts',
            'components/**/*.test.ts',
            'scripts/**/*.unit.test.ts',
          ],
          environment: 'node',
          // Vitest's default in a run is one worker fewer than the cores: one worker on this
          // 2-core machine. The files are independent; two workers halve the wall time.
          maxWorkers: 2,
          // Some tests fit models or write numbers by the hundred thousand (seconds of CPU): a slow
          // or busy machine must not turn them red. Speed is measured by the benchmarks instead.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['lib/**/*.int.test.ts', 'db/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['lib/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: true,
          // Each file has its own database. On PGlite the database runs inside the worker, so two
          // workers fill two cores; on PostgreSQL the workers mostly wait for the server, so three.
          maxWorkers: process.env.TEST_DRIVER === 'pg' ? 3 : 2,
          // next-auth imports 'next/server' without an extension; let Vite resolve it.
          server: { deps: { inline: ['next-auth'] } },
        },
      },
    ],
  },
});
