// Lead scoring (lib/sales/leads stores and shows it): pure functions, no database. A score is the sum of the points of the rules a lead
// matches, clamped to 0–100, and every point comes with the rule that gave it, so a rep reads why.

export const SCORE_RULE_KINDS = ['source', 'industry', 'employees', 'activity', 'email_domain'] as const;
export type ScoreRuleKind = (typeof SCORE_RULE_KINDS)[number];

export type ScoreRule = { id: string; kind: ScoreRuleKind; value: string; points: number; active: boolean };

/** What scoring reads of a lead. */
export type ScoredLead = {
  source: string | null;
  industry: string | null;
  employees: number | null;
  email: string | null;
  lastActivityAt: Date | null;
};

export type ScoreReason = { ruleId: string; kind: ScoreRuleKind; value: string; points: number };

/**
 * Free-mail providers: an address there says nothing about a company ('free' email_domain rules);
 * any other domain counts as a company domain ('company' rules).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'foxmail.com',
]);

export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0
    ? email
        .slice(at + 1)
        .trim()
        .toLowerCase() || null
    : null;
}

const same = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The rules a lead matches. Equality rules (source, industry, one email domain) each apply when
 * they match. Threshold rules are tiers: of the employee-count rules the lead reaches, only the
 * highest threshold counts (≥ 200 employees gets the 200 rule, not 50 + 200); of the activity
 * rules it falls within, only the shortest window counts (worked 3 days ago gets the 7-day rule,
 * not 7 + 30). Of the email rules, a rule naming the domain wins over 'free'/'company'.
 */
export function matchingRules(lead: ScoredLead, rules: ScoreRule[], asOf: Date): ScoreRule[] {
  const active = rules.filter((r) => r.active);
  const out: ScoreRule[] = [];
  for (const r of active) {
    if (r.kind === 'source' && same(lead.source, r.value)) out.push(r);
    if (r.kind === 'industry' && same(lead.industry, r.value)) out.push(r);
  }
  const employees = lead.employees;
  if (employees !== null) {
    const tier = active
      .filter((r) => r.kind === 'employees' && Number.isFinite(Number(r.value)) && employees >= Number(r.value))
      .sort((a, b) => Number(b.value) - Number(a.value))[0];
    if (tier) out.push(tier);
  }
  if (lead.lastActivityAt) {
    const days = (asOf.getTime() - lead.lastActivityAt.getTime()) / 86_400_000;
    const tier = active
      .filter((r) => r.kind === 'activity' && Number.isFinite(Number(r.value)) && days <= Number(r.value))
      .sort((a, b) => Number(a.value) - Number(b.value))[0];
    if (tier) out.push(tier);
  }
  const domain = emailDomain(lead.email);
  if (domain) {
    const emailRules = active.filter((r) => r.kind === 'email_domain');
    const exact = emailRules.find((r) => same(domain, r.value));
    const kind = FREE_MAIL_DOMAINS.has(domain) ? 'free' : 'company';
    const general = emailRules.find((r) => same(kind, r.value));
    const rule = exact ?? general;
    if (rule) out.push(rule);
  }
  return out;
}

/** The score (0–100, clamped) and its reasons, biggest contribution first. */
export function scoreLead(lead: ScoredLead, rules: ScoreRule[], asOf: Date): { score: number; reasons: ScoreReason[] } {
  const reasons = matchingRules(lead, rules, asOf)
    .filter((r) => r.points !== 0)
    .map((r) => ({ ruleId: r.id, kind: r.kind, value: r.value, points: r.points }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.kind.localeCompare(b.kind));
  const sum = reasons.reduce((total, r) => total + r.points, 0);
  return { score: Math.min(100, Math.max(0, sum)), reasons };
}
