import { describe, expect, it } from 'vitest';
import { emailDomain, type ScoredLead, type ScoreRule, scoreLead } from './lead-score';

const asOf = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * 86_400_000);
let n = 0;
const rule = (kind: ScoreRule['kind'], value: string, points: number, active = true): ScoreRule => ({
  id: `r${++n}`,
  kind,
  value,
  points,
  active,
});
const lead = (over: Partial<ScoredLead> = {}): ScoredLead => ({
  source: null,
  industry: null,
  employees: null,
  email: null,
  lastActivityAt: null,
  ...over,
});

const RULES = [
  rule('source', 'Referral', 25),
  rule('source', 'Web form', 15),
  rule('industry', 'Software', 15),
  rule('employees', '50', 10),
  rule('employees', '200', 20),
  rule('employees', '1000', 30),
  rule('activity', '7', 15),
  rule('activity', '30', 5),
  rule('email_domain', 'company', 15),
  rule('email_domain', 'free', -10),
];

describe('scoreLead', () => {
  it('adds the points of each matching rule: referral 25 + software 15 + company domain 15 = 55', () => {
    const { score, reasons } = scoreLead(
      lead({ source: 'referral', industry: ' SOFTWARE ', email: 'ann@acme.example' }),
      RULES,
      asOf,
    );
    expect(score).toBe(55);
    expect(reasons.map((r) => [r.kind, r.value, r.points])).toEqual([
      ['source', 'Referral', 25],
      ['email_domain', 'company', 15],
      ['industry', 'Software', 15],
    ]);
  });

  it('counts only the highest employee tier reached: 250 people get the 200 rule (20), not 10 + 20', () => {
    expect(scoreLead(lead({ employees: 250 }), RULES, asOf).score).toBe(20);
    expect(scoreLead(lead({ employees: 49 }), RULES, asOf).score).toBe(0);
    expect(scoreLead(lead({ employees: 1000 }), RULES, asOf).score).toBe(30);
  });

  it('counts only the shortest activity window: worked 3 days ago = 15, 20 days ago = 5, 40 days ago = 0', () => {
    expect(scoreLead(lead({ lastActivityAt: daysAgo(3) }), RULES, asOf).score).toBe(15);
    expect(scoreLead(lead({ lastActivityAt: daysAgo(20) }), RULES, asOf).score).toBe(5);
    expect(scoreLead(lead({ lastActivityAt: daysAgo(40) }), RULES, asOf).score).toBe(0);
  });

  it('a free-mail address takes points away, and the score never goes below 0', () => {
    const r = scoreLead(lead({ email: 'someone@gmail.com' }), RULES, asOf);
    expect(r.score).toBe(0); // −10 clamped
    expect(r.reasons).toEqual([expect.objectContaining({ kind: 'email_domain', value: 'free', points: -10 })]);
    // With a referral: 25 − 10 = 15.
    expect(scoreLead(lead({ email: 'someone@QQ.com', source: 'Referral' }), RULES, asOf).score).toBe(15);
  });

  it('a rule naming the domain wins over the general company rule', () => {
    const rules = [...RULES, rule('email_domain', 'bigcorp.example', 40)];
    const r = scoreLead(lead({ email: 'cfo@bigcorp.example' }), rules, asOf);
    expect(r.score).toBe(40);
  });

  it('is clamped to 100: 25 + 15 + 30 + 15 + 15 + 40 = 140 → 100', () => {
    const rules = [...RULES, rule('industry', 'Software', 40)];
    const r = scoreLead(
      lead({
        source: 'Referral',
        industry: 'Software',
        employees: 5000,
        lastActivityAt: daysAgo(1),
        email: 'a@b.example',
      }),
      rules,
      asOf,
    );
    expect(r.reasons.reduce((s, x) => s + x.points, 0)).toBe(140);
    expect(r.score).toBe(100);
  });

  it('ignores inactive rules and rules worth 0 points', () => {
    const rules = [rule('source', 'Referral', 25, false), rule('source', 'Referral ', 0)];
    expect(scoreLead(lead({ source: 'Referral' }), rules, asOf)).toEqual({ score: 0, reasons: [] });
  });

  it('a lead without any data scores 0 with no reasons', () => {
    expect(scoreLead(lead(), RULES, asOf)).toEqual({ score: 0, reasons: [] });
  });
});

describe('emailDomain', () => {
  it('is the lower-cased part after the last @, or null', () => {
    expect(emailDomain('A@Acme.Example')).toBe('acme.example');
    expect(emailDomain(null)).toBeNull();
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(emailDomain('@x.example')).toBeNull();
  });
});
