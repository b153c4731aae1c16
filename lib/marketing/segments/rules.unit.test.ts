import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { compileGroup, usesScores } from './compile';
import { type Condition, countConditions, type Group, MAX_CONDITIONS, SegmentRuleSchema } from './rules';

const cond = (field: string, op: string, value?: unknown) => ({ type: 'condition', field, op, value });
const group = (match: 'all' | 'any', ...children: unknown[]) => ({ type: 'group', match, children });
const issues = (input: unknown) => {
  const r = SegmentRuleSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};
const render = (rule: Group) => new PgDialect().sqlToQuery(compileGroup(rule));

describe('segment rule schema', () => {
  it('accepts a nested tree with a condition of every field type', () => {
    const rule = group(
      'all',
      cond('country', 'eq', 'us'),
      cond('kind', 'in', ['person']),
      cond('tags', 'contains', 'vip'),
      cond('createdAt', 'between', ['2025-01-01', '2025-12-31']),
      cond('lastOrderAt', 'withinLast', 90),
      cond('emailConsent', 'eq', true),
      group(
        'any',
        cond('rfmSegment', 'eq', 'champions'),
        cond('totalSpend', 'gt', 500),
        group('all', cond('clvBand', 'gte', 4)),
      ),
    );
    // clvBand is an enum: gte is not one of its operators.
    expect(issues(rule)).toEqual(['children.6.children.2.children.0.op:ruleOperator']);
    (rule.children[6] as { children: unknown[] }).children[2] = group('all', cond('clvBand', 'in', [4, 5]));
    const parsed = SegmentRuleSchema.parse(rule);
    // Values are normalised: the country upper-cased.
    expect((parsed.children[0] as Condition).value).toBe('US');
    expect(countConditions(parsed)).toBe(9);
  });

  it('rejects unknown fields and operators, and operators of another type', () => {
    expect(issues(group('all', cond('password', 'eq', 'x')))).toEqual(['children.0.field:ruleField']);
    expect(issues(group('all', cond('country', 'like', 'x')))).toEqual(['children.0.op:ruleOperator']);
    expect(issues(group('all', cond('orderCount', 'contains', '1')))).toEqual(['children.0.op:ruleOperator']);
    expect(issues(group('all', cond('country', 'before', '2025-01-01')))).toEqual(['children.0.op:ruleOperator']);
  });

  it('rejects values of the wrong type or shape', () => {
    expect(issues(group('all', cond('orderCount', 'gt', '5')))).toEqual(['children.0.value:ruleValue']);
    expect(issues(group('all', cond('orderCount', 'gt', 1.5)))).toEqual(['children.0.value:ruleValue']);
    expect(issues(group('all', cond('createdAt', 'before', 'yesterday')))).toEqual(['children.0.value:ruleDate']);
    expect(issues(group('all', cond('createdAt', 'after', '0000-01-01')))).toEqual(['children.0.value:ruleDate']);
    expect(issues(group('all', cond('lastOrderAt', 'before', '2026-02-30')))).toEqual(['children.0.value:ruleDate']);
    expect(issues(group('all', cond('totalSpend', 'between', [10, 5])))).toEqual(['children.0.value:ruleRange']);
    expect(issues(group('all', cond('rfmSegment', 'eq', 'Champions; drop table')))).toEqual([
      'children.0.value:ruleValue',
    ]);
    expect(issues(group('all', cond('country', 'eq', 'USA')))).toEqual(['children.0.value:ruleCountry']);
    expect(issues(group('all', cond('owner', 'eq', "' or 1=1 --")))).toEqual(['children.0.value:ruleValue']);
    expect(issues(group('all', cond('kind', 'in', [])))).toEqual(['children.0.value:ruleValue']);
    expect(issues(group('all', cond('emailConsent', 'eq', 'yes')))).toEqual(['children.0.value:ruleValue']);
  });

  it('rejects extra keys, a bad match, and non-objects', () => {
    expect(issues({ ...group('all'), sql: 'true' }).length).toBeGreaterThan(0);
    expect(issues({ ...cond('country', 'eq', 'US') }).length).toBeGreaterThan(0);
    expect(issues(group('xor' as 'all'))).toEqual(['match:ruleMatch']);
    expect(issues('{"type":"group"}').length).toBeGreaterThan(0);
    expect(issues(null).length).toBeGreaterThan(0);
  });

  it('allows three levels of groups and refuses a fourth, however deep the input goes', () => {
    expect(issues(group('all', group('any', group('all', cond('country', 'eq', 'US')))))).toEqual([]);
    expect(issues(group('all', group('any', group('all', group('any')))))).toEqual([
      'children.0.children.0.children.0:ruleTooDeep',
    ]);
    let deep: unknown = cond('country', 'eq', 'US');
    for (let i = 0; i < 10_000; i++) deep = group('all', deep);
    expect(issues(deep)).toEqual(['children.0.children.0.children.0:ruleTooDeep']);
  });

  it(`refuses more than ${MAX_CONDITIONS} conditions in all`, () => {
    const some = (n: number) => Array.from({ length: n }, () => cond('country', 'eq', 'US'));
    expect(issues(group('all', ...some(30), group('any', ...some(20))))).toEqual([]);
    expect(issues(group('all', ...some(30), group('any', ...some(21))))).toEqual(['children:ruleTooMany']);
  });
});

describe('segment rule compiler', () => {
  it('binds every value as a parameter and writes only whitelisted SQL', () => {
    const evil = "x') or true; drop table customers; --";
    const rule = SegmentRuleSchema.parse(
      group(
        'all',
        cond('industry', 'contains', evil),
        cond('tags', 'in', [evil, 'vip']),
        group('any', cond('rfmSegment', 'eq', 'champions'), cond('totalSpend', 'gt', 1000)),
      ),
    );
    const { sql, params } = render(rule);
    expect(sql).not.toContain('drop table');
    expect(params).toEqual([`%${evil}%`, evil, 'vip', 'Champions', 1000]);
    expect(sql).toMatch(
      /^\(lower\("customers"\."industry"\) ilike \$1 and "customers"\."tags" && array\[\$2, \$3\]::text\[\] and \(.* = \$4 or coalesce\(.*, 0\) > \$5\)\)$/,
    );
  });

  it('escapes LIKE wildcards in contains, and an empty group matches everyone', () => {
    const { params } = render(SegmentRuleSchema.parse(group('all', cond('industry', 'contains', '50%_off'))));
    expect(params).toEqual(['%50\\%\\_off%']);
    expect(render(SegmentRuleSchema.parse(group('any'))).sql).toBe('true');
  });

  it('joins the analytics snapshot only when a rule reads it', () => {
    expect(usesScores(SegmentRuleSchema.parse(group('all', cond('country', 'eq', 'US'))))).toBe(false);
    expect(usesScores(SegmentRuleSchema.parse(group('all', group('any', cond('orderCount', 'gte', 2)))))).toBe(true);
    expect(usesScores(SegmentRuleSchema.parse(group('all', cond('cluster', 'eq', 1))))).toBe(true);
  });

  it('neq includes empty values; date ranges are whole UTC days', () => {
    const neq = render(SegmentRuleSchema.parse(group('all', cond('country', 'neq', 'US'))));
    expect(neq.sql).toBe('("customers"."country" is distinct from $1)');
    const between = render(
      SegmentRuleSchema.parse(group('all', cond('createdAt', 'between', ['2025-01-01', '2025-01-31']))),
    );
    expect(between.params).toEqual(['2025-01-01', 0, '2025-01-31', 1]);
  });
});
