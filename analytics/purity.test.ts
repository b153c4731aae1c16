import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as api from './index';

// The library is pure: only the CLI and the benchmark may touch the file system or process, and
// nothing reads the clock or an unseeded random source.
const dir = new URL('.', import.meta.url);
const sources = readdirSync(dir).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['cli.ts', 'bench.ts'].includes(f),
);

it.each(sources)('%s has no I/O, framework, clock or Math.random', (file) => {
  const text = readFileSync(new URL(file, dir), 'utf8');
  expect(text).not.toMatch(/from ['"](node:|fs|path|next|react|@\/db|\.\.\/db)/);
  expect(text).not.toMatch(/new Date\(\s*\)|Date\.now\(|Math\.random\(|performance\.now\(/);
});

it('the public API exposes the entry points the refresh job calls', () => {
  for (const name of [
    'summarizeTransactions',
    'rfmScores',
    'segmentRfm',
    'valueMatrix',
    'fitBgNbd',
    'fitGammaGamma',
    'customerLifetimeValue',
    'textbookClv',
    'chooseKMeans',
    'cohortRetention',
    'csat',
    'trainChurnModel',
    'basketRules',
    'weightedPipeline',
    'analyzeCustomers',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  }
});
