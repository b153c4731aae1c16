import { describe, expect, it } from 'vitest';
import { CampaignInputSchema, ScheduleCampaignSchema } from './schemas';

const id = '5b2f7c1e-2d0a-4a4e-9d59-0c6f1f7d8a11';

describe('scheduling a campaign', () => {
  it('refuses a time beyond the supported years next to the field (PostgreSQL cannot store year 10000 and up)', () => {
    for (const scheduledAt of [
      '+010000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      8.64e15,
      '2201-01-01T00:00',
    ]) {
      const parsed = ScheduleCampaignSchema.safeParse({ id, version: 1, scheduledAt });
      expect(parsed.success, String(scheduledAt)).toBe(false);
      expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['scheduledAt', 'date']);
    }
  });

  it('takes a time in the coming days', () => {
    const scheduledAt = new Date(Date.now() + 86_400_000).toISOString();
    expect(ScheduleCampaignSchema.safeParse({ id, version: 1, scheduledAt }).success).toBe(true);
  });
});

describe('the sending fields of a campaign', () => {
  const base = { name: 'N', subject: 'S', bodyText: 'B' };
  const errorsOf = (over: Record<string, unknown>) => {
    const parsed = CampaignInputSchema.safeParse({ ...base, ...over });
    return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('say what a bad rate or attribution window should be, next to the field', () => {
    for (const ratePerMinute of ['0', '100001', '1.5', 'abc'])
      expect(errorsOf({ ratePerMinute }), ratePerMinute).toEqual([['ratePerMinute', 'ratePerMinute']]);
    for (const attributionDays of ['0', '366', '1.5', 'abc'])
      expect(errorsOf({ attributionDays }), attributionDays).toEqual([['attributionDays', 'attributionDays']]);
    for (const holdoutPercent of ['51', 'abc'])
      expect(errorsOf({ holdoutPercent }), holdoutPercent).toEqual([['holdoutPercent', 'holdoutPercent']]);
    expect(errorsOf({ ratePerMinute: '600', attributionDays: '7', holdoutPercent: '10' })).toEqual([]);
  });
});

describe('the HTML body of a campaign', () => {
  const base = { name: 'N', subject: 'S', bodyText: 'B' };
  const errorsOf = (bodyHtml: string) => {
    const parsed = CampaignInputSchema.safeParse({ ...base, bodyHtml });
    return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('refuses scripts, event handlers and javascript: links next to the field', () => {
    for (const html of [
      '<p>Hi</p><script>alert(1)</script>',
      '<SCRIPT src="https://x.example/a.js"></SCRIPT>',
      '<img src="x.png" onerror="alert(1)">',
      '<a href="javascript:alert(1)">Win</a>',
      "<a href = ' JavaScript:void(0)'>Win</a>",
    ])
      expect(errorsOf(html), html).toContainEqual(['bodyHtml', 'activeHtml']);
  });

  it('takes ordinary HTML, including words like "onion" and "javascript" in the text', () => {
    for (const html of [
      '<h1>Hi {{first_name}}</h1><p><a href="https://example.org/spring">Spring</a></p>',
      '<p>Our onion soup; learn javascript: the basics</p>',
      '<a href="https://example.org/?on=1">link</a>',
    ])
      expect(errorsOf(html), html).toEqual([]);
  });
});
