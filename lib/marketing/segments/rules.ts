// A segment's rule tree, stored as data (segments.definition) and checked here before anything
// reads or writes it. Client-safe (the rule builder validates with the same schema): no server
// imports. The compiler to SQL is compile.ts; every field and operator it knows is listed here.
import { z } from 'zod';
import { SEGMENT_KEYS, VALUE_CLASS_KEYS } from '@/lib/analytics/labels';

/** Limits of one rule tree: groups nest at most this deep (the root is level 1), and hold this many conditions in all. */
export const MAX_DEPTH = 3;
export const MAX_CONDITIONS = 50;
/** The most values one `in` list may hold. */
export const MAX_IN_VALUES = 100;

/** Value types, each with the operators that make sense for it. */
export const OPERATORS = {
  enum: ['eq', 'neq', 'in', 'isEmpty'],
  text: ['eq', 'neq', 'in', 'contains', 'isEmpty'],
  tags: ['contains', 'in', 'isEmpty'],
  user: ['eq', 'neq', 'in', 'isEmpty'],
  date: ['before', 'after', 'between', 'withinLast', 'notWithinLast', 'isEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'],
  boolean: ['eq'],
} as const;
export type FieldType = keyof typeof OPERATORS;
export type Operator = (typeof OPERATORS)[FieldType][number];
export const ALL_OPERATORS = [...new Set(Object.values(OPERATORS).flat())] as Operator[];

/** Where a field's value comes from: the customer row, purchase facts, consent or the analytics snapshot. */
export type FieldGroup = 'customer' | 'purchases' | 'consent' | 'analytics';

type FieldDef = {
  type: FieldType;
  group: FieldGroup;
  /** Allowed values of an enum field (stored keys; the builder shows their translations). */
  options?: readonly (string | number)[];
  /** Bounds of a number field. */
  min?: number;
  max?: number;
  /** Numbers must be whole. */
  integer?: boolean;
};

/**
 * The whitelist of fields. Purchase facts (last order, order count, total spend) are the analytics
 * snapshot's recency, frequency and monetary: the same facts (sales net of returns, cancelled and
 * refunded sales left out) kept per customer by every refresh, so a rule never aggregates the
 * orders table. A customer without a purchase has no score: 0 orders, 0 spent, no last order.
 */
export const FIELDS = {
  kind: { type: 'enum', group: 'customer', options: ['person', 'company'] },
  country: { type: 'text', group: 'customer' },
  industry: { type: 'text', group: 'customer' },
  tags: { type: 'tags', group: 'customer' },
  owner: { type: 'user', group: 'customer' },
  createdAt: { type: 'date', group: 'customer' },
  lastOrderAt: { type: 'date', group: 'purchases' },
  orderCount: { type: 'number', group: 'purchases', min: 0, max: 1_000_000, integer: true },
  totalSpend: { type: 'number', group: 'purchases', min: -1e12, max: 1e12 },
  emailConsent: { type: 'boolean', group: 'consent' },
  rfmSegment: { type: 'enum', group: 'analytics', options: SEGMENT_KEYS },
  valueClass: { type: 'enum', group: 'analytics', options: VALUE_CLASS_KEYS },
  clvBand: { type: 'enum', group: 'analytics', options: [1, 2, 3, 4, 5] },
  // The four disjoint P(alive) bands of the analytics filters (ALIVE_BANDS).
  aliveBand: { type: 'enum', group: 'analytics', options: ['high', 'medium', 'low', 'veryLow'] },
  cluster: { type: 'number', group: 'analytics', min: 0, max: 100, integer: true },
  churnRisk: { type: 'number', group: 'analytics', min: 0, max: 1 },
} as const satisfies Record<string, FieldDef>;
export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as [FieldKey, ...FieldKey[]];

export type Condition = { type: 'condition'; field: FieldKey; op: Operator; value?: unknown };
export type Group = { type: 'group'; match: 'all' | 'any'; children: (Condition | Group)[] };
export type SegmentRule = Group;

/** A calendar day, in the years the product supports (lib/validation.ts SUPPORTED_YEARS). */
const isoDate = z.iso.date('ruleDate').refine((d) => d >= '1900-01-01' && d <= '2200-12-31', 'ruleDate');
const text = z.string().trim().min(1, 'ruleValue').max(200, 'tooLong');

/** The value schema of a field and operator (the operator already known to suit the field). */
export function valueSchema(field: FieldKey, op: Operator): z.ZodType {
  const def: FieldDef = FIELDS[field];
  if (op === 'isEmpty') return z.boolean('ruleValue');
  if (def.type === 'boolean') return z.boolean('ruleValue');
  if (def.type === 'date') {
    if (op === 'between') return z.tuple([isoDate, isoDate]).refine(([a, b]) => a <= b, 'ruleRange');
    if (op === 'withinLast' || op === 'notWithinLast')
      return z.number('ruleValue').int('ruleValue').min(1, 'ruleValue').max(36_500, 'ruleValue');
    return isoDate;
  }
  if (def.type === 'number') {
    let n = z
      .number('ruleValue')
      .min(def.min ?? -1e12, 'ruleValue')
      .max(def.max ?? 1e12, 'ruleValue');
    if (def.integer) n = n.int('ruleValue');
    if (op === 'between') return z.tuple([n, n]).refine(([a, b]) => a <= b, 'ruleRange');
    return n;
  }
  let one: z.ZodType;
  if (def.type === 'enum') {
    const options = def.options ?? [];
    one = z.union(options.map((o) => z.literal(o)) as unknown as [z.ZodLiteral, z.ZodLiteral], 'ruleValue');
  } else if (def.type === 'user') one = z.uuid('ruleValue');
  else if (field === 'country') one = text.toUpperCase().regex(/^[A-Z]{2}$/, 'ruleCountry');
  else one = text;
  if (op === 'in') return z.array(one, 'ruleValue').min(1, 'ruleValue').max(MAX_IN_VALUES, 'ruleValue');
  return one;
}

/** A condition: a known field, an operator of its type and a value of the right shape. */
export const ConditionSchema = z
  .object({
    type: z.literal('condition'),
    field: z.enum(FIELD_KEYS, 'ruleField'),
    op: z.enum(ALL_OPERATORS as [Operator, ...Operator[]], 'ruleOperator'),
    value: z.unknown().optional(),
  })
  .strict()
  .transform((c, ctx) => {
    const allowed: readonly string[] = OPERATORS[FIELDS[c.field].type];
    if (!allowed.includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'ruleOperator' });
      return z.NEVER;
    }
    const parsed = valueSchema(c.field, c.op).safeParse(c.value);
    if (!parsed.success) {
      // One message per place (a malformed date would also be "out of range").
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const at = issue.path.join('.');
        if (seen.has(at)) continue;
        seen.add(at);
        ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    return { type: 'condition', field: c.field, op: c.op, value: parsed.data } as Condition;
  });

// Bounded nesting without recursion: a level-3 group holds only conditions (a group there is
// "too deep"), so no input, however deep, makes the parser recurse more than three levels.
const TooDeep = z
  .object({ type: z.literal('group') })
  .loose()
  .transform((_, ctx) => {
    ctx.addIssue({ code: 'custom', message: 'ruleTooDeep' });
    return z.NEVER;
  });
function groupOf<C extends z.ZodType>(child: C) {
  return z
    .object({
      type: z.literal('group'),
      match: z.enum(['all', 'any'], 'ruleMatch'),
      children: z.array(child, 'ruleGroup').max(MAX_CONDITIONS, 'ruleTooMany'),
    })
    .strict();
}
const child = (group: z.ZodType) =>
  z.discriminatedUnion('type', [ConditionSchema, group] as never, 'ruleNode') as unknown as z.ZodType<
    Condition | Group
  >;
const Level3 = groupOf(child(TooDeep));
const Level2 = groupOf(child(Level3));

/** The whole tree: the root group, at most MAX_DEPTH levels and MAX_CONDITIONS conditions. */
export const SegmentRuleSchema = groupOf(child(Level2)).superRefine((root, ctx) => {
  if (countConditions(root as Group) > MAX_CONDITIONS)
    ctx.addIssue({ code: 'custom', message: 'ruleTooMany', path: ['children'] });
}) as unknown as z.ZodType<Group>;

export function countConditions(group: Group): number {
  return group.children.reduce((n, c) => n + (c.type === 'group' ? countConditions(c) : 1), 0);
}

/** A new, empty rule (matches every customer). */
export function emptyRule(): Group {
  return { type: 'group', match: 'all', children: [] };
}
