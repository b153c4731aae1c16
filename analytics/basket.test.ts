import { expect, it } from 'vitest';
import { alsoBought, basketRules } from './basket';

// 5 baskets: support A = 4/5, B = 3/5, C = 3/5; AB = AC = BC = 2/5; ABC = 1/5.
const baskets = [
  ['A', 'B'],
  ['A', 'B', 'C'],
  ['A', 'C'],
  ['B', 'C'],
  ['A', 'A'],
];

it('counts item and pair support, with duplicates in a basket counted once', () => {
  const { itemsets } = basketRules(baskets, { minSupport: 0.3 });
  const support = Object.fromEntries(itemsets.map((s) => [s.items.join(''), s.support]));
  expect(support).toEqual({ A: 0.8, B: 0.6, C: 0.6, AB: 0.4, AC: 0.4, BC: 0.4 });
});

it('A → B: confidence 0.4/0.8 = 0.5, lift 0.5/0.6 = 0.833; B → C: confidence 0.4/0.6, lift 1.111', () => {
  const { rules } = basketRules(baskets, { minSupport: 0.3, minConfidence: 0 });
  const ab = rules.find((r) => r.antecedent.join() === 'A' && r.consequent === 'B')!;
  expect(ab.confidence).toBeCloseTo(0.5, 12);
  expect(ab.lift).toBeCloseTo(0.5 / 0.6, 12);
  const bc = rules.find((r) => r.antecedent.join() === 'B' && r.consequent === 'C')!;
  expect(bc.confidence).toBeCloseTo(2 / 3, 12);
  expect(bc.lift).toBeCloseTo(2 / 3 / 0.6, 12);
  expect(rules[0].lift).toBeCloseTo(10 / 9, 12); // sorted by lift: B → C and C → B first
});

it('minimum confidence 0.6 keeps B → A, B → C, C → A, C → B (2/3 each) and drops A → B, A → C (0.5)', () => {
  const { rules } = basketRules(baskets, { minSupport: 0.3, minConfidence: 0.6 });
  expect(rules.map((r) => `${r.antecedent}>${r.consequent}`).sort()).toEqual(['B>A', 'B>C', 'C>A', 'C>B']);
});

it('triples when maxSize is 3: {A, B} → C has support 0.2, confidence 0.2/0.4 = 0.5, lift 0.5/0.6', () => {
  const { rules } = basketRules(baskets, { minSupport: 0.2, minConfidence: 0, maxSize: 3 });
  const r = rules.find((x) => x.antecedent.join() === 'A,B' && x.consequent === 'C')!;
  expect(r).toMatchObject({ support: 0.2, count: 1 });
  expect(r.lift).toBeCloseTo(0.5 / 0.6, 12);
  expect(basketRules(baskets, { minSupport: 0.3, maxSize: 3 }).itemsets.some((s) => s.items.length === 3)).toBe(false);
});

it('alsoBought lists the single-item rules for a product', () => {
  const { rules } = basketRules(baskets, { minSupport: 0.3, minConfidence: 0 });
  expect(alsoBought(rules, 'B').map((r) => r.consequent)).toEqual(['C', 'A']);
});
