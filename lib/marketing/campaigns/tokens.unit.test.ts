import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { campaignMessageId, holdoutBucket, isBotRequest, linkKey, signLinkToken, verifyLinkToken } from './tokens';

const key = linkKey('test-secret');
const memberId = '0b9c6a52-5d1e-4f57-8c49-2a0e8f1b7d33';

describe('link tokens', () => {
  it('round-trips each kind', () => {
    for (const t of [
      { kind: 'open', memberId },
      { kind: 'unsubscribe', memberId },
      { kind: 'click', memberId, url: 'https://shop.test/a?x=1&y=ü' },
    ] as const)
      expect(verifyLinkToken(key, signLinkToken(key, t))).toEqual(t);
  });

  it('refuses a changed member, a changed URL, another kind, another key and garbage', () => {
    const click = signLinkToken(key, { kind: 'click', memberId, url: 'https://shop.test/' });
    const [, , url, sig] = click.split('.');
    const otherMember = memberId.replace('0b9c', '0b9d');
    expect(verifyLinkToken(key, `c.${otherMember}.${url}.${sig}`)).toBeNull();
    const evil = Buffer.from('https://evil.test/').toString('base64url');
    expect(verifyLinkToken(key, `c.${memberId}.${evil}.${sig}`)).toBeNull();
    const open = signLinkToken(key, { kind: 'open', memberId });
    expect(verifyLinkToken(key, open.replace(/^o\./, 'u.'))).toBeNull();
    expect(verifyLinkToken(linkKey('other-secret'), open)).toBeNull();
    for (const bad of ['', '.', 'o', `o.${memberId}.`, `o.not-a-uuid.${sig}`, 'x'.repeat(5000)])
      expect(verifyLinkToken(key, bad)).toBeNull();
  });

  it('derives the key from the secret (HMAC of a fixed label), not the secret itself', () => {
    expect(key.equals(Buffer.from('test-secret'))).toBe(false);
    expect(key).toHaveLength(32);
  });
});

describe('holdoutBucket', () => {
  it('is md5(seed || id), first 7 hex digits, mod 100', () => {
    const hex = createHash('md5').update(`seed-1${memberId}`).digest('hex').slice(0, 7);
    expect(holdoutBucket('seed-1', memberId)).toBe(Number.parseInt(hex, 16) % 100);
  });

  it('spreads ids evenly: about 10 % of 5,000 ids fall below 10', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const share = ids.filter((id) => holdoutBucket('s', id) < 10).length / ids.length;
    expect(share).toBeGreaterThan(0.085);
    expect(share).toBeLessThan(0.115);
  });
});

it('makes the Message-ID from the send key', () => {
  expect(campaignMessageId('k-1', 'lodestar.test')).toBe('<c.k-1@lodestar.test>');
});

describe('isBotRequest', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('flags scanners, prefetch requests and a missing user agent; a mail client is a person', () => {
    expect(isBotRequest(h({ 'user-agent': 'Mozilla/5.0 (compatible; Barracuda)' }))).toBe(true);
    expect(isBotRequest(h({ 'user-agent': 'Mozilla/5.0', purpose: 'prefetch' }))).toBe(true);
    expect(isBotRequest(h({}))).toBe(true);
    expect(isBotRequest(h({ 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Thunderbird/128.0' }))).toBe(
      false,
    );
  });
});
