import { describe, expect, it } from 'vitest';
import { BG_NBD_EDGES, NO_REPEAT } from '@/analytics/bgnbd';
import { fitStatusFromSearch } from '@/analytics/fit-status';
import { GAMMA_GAMMA_EDGES } from '@/analytics/gamma-gamma';
import { PREDICTIONS_FAILED } from '@/analytics/pipeline';
import en from '@/lib/i18n/messages/en/analytics.json';
import zh from '@/lib/i18n/messages/zh-CN/analytics.json';
import { FIT_REASONS, fitMessageText, parseFitMessage } from './fit-message';

/** A t() over a catalog subtree, with ICU-style {name} placeholders. */
function tOf(tree: Record<string, unknown>) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const found = key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], tree);
    if (typeof found !== 'string') throw new Error(`missing message ${key}`);
    return found.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? `{${name}}`));
  };
}
const fitEn = tOf(en.analytics.modelCard.fit);
const fitZh = tOf(zh.analytics.modelCard.fit);
const hasLatinWords = (s: string) => /\b[a-z]{4,}\b/.test(s.replace(/BG\/NBD|Gamma-Gamma/g, ''));

describe('model-fit messages in the reader language', () => {
  const edgePhrases = [...BG_NBD_EDGES, ...GAMMA_GAMMA_EDGES].flatMap((r) => [r.upper.says, r.lower.says]);

  it('every phrase of the library edge rules is known here', () => {
    const known = new Set<string>(Object.values(FIT_REASONS));
    for (const phrase of edgePhrases) expect(known.has(phrase), phrase).toBe(true);
  });

  it('a failed fit with two reasons reads back as both reasons', () => {
    // Coordinates 0 at −edge (no limit) and not converged: "could not be fitted: a; b."
    const status = fitStatusFromSearch('BG/NBD', [-20, 0, 0, 0], false, BG_NBD_EDGES);
    if (status.state === 'fitted') throw new Error('expected a failure');
    expect(parseFitMessage(status.message)).toEqual({
      kind: 'failed',
      model: 'BG/NBD',
      reasons: ['ratesSpread', 'notConverged'],
    });
  });

  it('a limit reads back as a limit with its reasons', () => {
    const status = fitStatusFromSearch('Gamma-Gamma', [20, 20, 0], true, GAMMA_GAMMA_EDGES);
    if (status.state === 'fitted') throw new Error('expected a limit');
    expect(parseFitMessage(status.message)).toEqual({
      kind: 'limit',
      model: 'Gamma-Gamma',
      reasons: ['valuesAlike', 'spendAlike'],
    });
  });

  const SAMPLES = [
    fitStatusFromSearch('BG/NBD', [0, 20, -20, 20], true, BG_NBD_EDGES),
    fitStatusFromSearch('Gamma-Gamma', [-20, -20, 20], false, GAMMA_GAMMA_EDGES),
    NO_REPEAT,
    { state: 'failed', message: PREDICTIONS_FAILED },
    {
      state: 'failed',
      message:
        'Gamma-Gamma could not be fitted: spend varies so much between customers that its mean is unbounded (q = 0.870 ≤ 1).',
    },
    {
      state: 'failed',
      message:
        'Gamma-Gamma needs at least two customers who bought on more than one day (with positive spend); found 1.',
    },
  ].map((s) => ('message' in s ? s.message : ''));

  it.each(SAMPLES)('reads in Chinese without English words: %s', (message) => {
    expect(parseFitMessage(message).kind).not.toBe('unknown');
    const text = fitMessageText(fitZh, message);
    expect(text.length).toBeGreaterThan(5);
    expect(hasLatinWords(text), text).toBe(false);
    expect(fitMessageText(fitEn, message).length).toBeGreaterThan(5);
  });

  it('the English text of a known message keeps what the library said', () => {
    const status = fitStatusFromSearch('BG/NBD', [0, 0, 0, 20], true, BG_NBD_EDGES);
    if (status.state === 'fitted') throw new Error('expected a limit');
    expect(fitMessageText(fitEn, status.message)).toContain(FIT_REASONS.neverDrop);
  });

  it('an unknown sentence still reads in Chinese (as a generic failure)', () => {
    expect(parseFitMessage('BG/NBD exploded').kind).toBe('unknown');
    expect(hasLatinWords(fitMessageText(fitZh, 'BG/NBD exploded'))).toBe(false);
  });
});
