import { describe, expect, it } from 'vitest';
import { type ConsentState, hasValidConsent, mergedConsent, newConsent, requestConsent } from './consent';

const NOW = new Date('2026-12-01T00:00:00Z');
const GIVEN = new Date('2025-01-01T00:00:00Z');
const OUT = new Date('2026-03-01T00:00:00Z');
const none: ConsentState = { emailConsent: false, consentAt: null, consentSource: null, unsubscribedAt: null };
const given: ConsentState = { emailConsent: true, consentAt: GIVEN, consentSource: 'form', unsubscribedAt: null };
const out: ConsentState = { emailConsent: false, consentAt: null, consentSource: null, unsubscribedAt: OUT };

describe('a staff request for consent (import row, edit form)', () => {
  it('blank leaves it; yes gives it now (or keeps the original time); no withdraws it', () => {
    expect(requestConsent(given, null, NOW, 'manual')).toEqual({ next: given, refused: false });
    expect(requestConsent(none, true, NOW, 'import')).toEqual({
      next: { ...none, emailConsent: true, consentAt: NOW, consentSource: 'import' },
      refused: false,
    });
    expect(requestConsent(given, true, NOW, 'manual').next).toMatchObject({ consentAt: GIVEN, consentSource: 'form' });
    expect(requestConsent(given, false, NOW, 'manual')).toEqual({ next: none, refused: false });
    expect(newConsent(true, 'manual', NOW)).toEqual({ emailConsent: true, consentAt: NOW, consentSource: 'manual' });
    expect(newConsent(false, 'manual', NOW)).toEqual({ emailConsent: false, consentAt: null, consentSource: null });
  });

  it('yes for someone who unsubscribed is refused and consent stays off (an inconsistent row is switched off)', () => {
    expect(requestConsent(out, true, NOW, 'manual')).toEqual({ next: out, refused: true });
    expect(
      requestConsent({ ...out, emailConsent: true, consentAt: GIVEN, consentSource: 'form' }, true, NOW, 'import'),
    ).toEqual({
      next: out,
      refused: true,
    });
  });
});

describe('the consent of a merged customer', () => {
  it('any unsubscribe wins, the later one kept', () => {
    expect(mergedConsent(given, out, true)).toEqual(out);
    expect(mergedConsent(out, given, true)).toEqual(out);
    const later = { ...out, unsubscribedAt: new Date('2026-06-01T00:00:00Z') };
    expect(mergedConsent(out, later, true)).toEqual(later);
    expect(mergedConsent(later, out, true)).toEqual(later);
  });

  it('otherwise only the survivor’s own valid consent (its time and source), and only when kept', () => {
    expect(mergedConsent(given, none, true)).toEqual(given);
    expect(mergedConsent(given, none, false)).toEqual(none);
    expect(mergedConsent(none, given, true)).toEqual(none);
  });

  it('consent is valid only while not unsubscribed', () => {
    expect(hasValidConsent(given)).toBe(true);
    expect(hasValidConsent({ ...given, unsubscribedAt: OUT })).toBe(false);
  });
});
