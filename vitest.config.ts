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
          // next-auth imports 'next/server' without an extension; let Vite resolve it.
          server: { deps: { inline: ['next-auth'] } },
        },
      },
    ],
  },
});
