/**
 * Market-basket rules ("customers who bought X also buy Y"): frequent itemsets by Apriori up to
 * size 3, and rules with support, confidence and lift.
 *
 * support(S) = baskets containing all of S / all baskets; confidence(X → Y) = support(X ∪ Y) /
 * support(X); lift(X → Y) = confidence(X → Y) / support(Y) (> 1: bought together more than by chance).
 */

export type Itemset = { items: string[]; count: number; support: number };
export type BasketRule = {
  antecedent: string[];
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
  count: number;
};

export type BasketOptions = {
  /** Minimum support of an itemset, as a share of baskets. Default 0.01. */
  minSupport?: number;
  /** Minimum confidence of a rule. Default 0.1. */
  minConfidence?: number;
  /** Largest itemset: 2 (pairs) or 3. Default 2. */
  maxSize?: 2 | 3;
};

const SEP = '\u0000';

/**
 * Frequent itemsets and rules X → y (one consequent item) from baskets (e.g. the product ids of
 * each order; duplicates within a basket count once). Rules are sorted by lift, then confidence.
 */
export function basketRules(
  baskets: readonly (readonly string[])[],
  options: BasketOptions = {},
): { itemsets: Itemset[]; rules: BasketRule[] } {
  const { minSupport = 0.01, minConfidence = 0.1, maxSize = 2 } = options;
  const n = baskets.length;
  if (n === 0) return { itemsets: [], rules: [] };
  const minCount = Math.max(1, Math.ceil(minSupport * n - 1e-9));
  const sets = baskets.map((b) => [...new Set(b)].sort());

  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const s of sets) for (const item of s) bump(item);
  const frequent1 = new Set([...counts].filter(([, c]) => c >= minCount).map(([k]) => k));

  // Pairs of frequent items (Apriori: a frequent pair has frequent members).
  for (const s of sets) {
    const f = s.filter((i) => frequent1.has(i));
    for (let i = 0; i < f.length; i++) for (let j = i + 1; j < f.length; j++) bump(f[i] + SEP + f[j]);
  }
  const frequent2 = new Set([...counts].filter(([k, c]) => k.includes(SEP) && c >= minCount).map(([k]) => k));

  if (maxSize === 3) {
    for (const s of sets) {
      const f = s.filter((i) => frequent1.has(i));
      for (let i = 0; i < f.length; i++) {
        for (let j = i + 1; j < f.length; j++) {
          if (!frequent2.has(f[i] + SEP + f[j])) continue;
          for (let k = j + 1; k < f.length; k++) {
            if (frequent2.has(f[i] + SEP + f[k]) && frequent2.has(f[j] + SEP + f[k]))
              bump([f[i], f[j], f[k]].join(SEP));
          }
        }
      }
    }
  }

  const itemsets: Itemset[] = [...counts]
    .filter(([, c]) => c >= minCount)
    .map(([k, count]) => ({ items: k.split(SEP), count, support: count / n }))
    .sort((a, b) => b.support - a.support || a.items.length - b.items.length);

  const supportOf = (items: string[]) => (counts.get(items.join(SEP)) ?? 0) / n;
  const rules: BasketRule[] = [];
  for (const set of itemsets) {
    if (set.items.length < 2) continue;
    for (const consequent of set.items) {
      const antecedent = set.items.filter((i) => i !== consequent);
      const confidence = set.support / supportOf(antecedent);
      if (confidence < minConfidence) continue;
      rules.push({
        antecedent,
        consequent,
        support: set.support,
        confidence,
        lift: confidence / supportOf([consequent]),
        count: set.count,
      });
    }
  }
  rules.sort((a, b) => b.lift - a.lift || b.confidence - a.confidence);
  return { itemsets, rules };
}

/** Recommendations for an item: rules whose antecedent is exactly that item, best lift first. */
export function alsoBought(rules: readonly BasketRule[], item: string, limit = 5): BasketRule[] {
  return rules.filter((r) => r.antecedent.length === 1 && r.antecedent[0] === item).slice(0, limit);
}
