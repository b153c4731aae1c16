import { describe, expect, it } from 'vitest';
import { loadMessages } from '@/lib/i18n/messages';
import { FLASH_MESSAGES, isFlashMessage } from './flash';

describe('confirmations carried in the address', () => {
  it('each is a message of both catalogs', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const messages = (await loadMessages(locale)).messages as Record<string, unknown>;
      for (const key of FLASH_MESSAGES) expect(typeof messages[key], `${locale} messages.${key}`).toBe('string');
    }
  });

  it('refusals, other catalog keys and inherited object keys are not confirmations', () => {
    for (const key of [
      'stale',
      'forbidden',
      'notFound',
      'customerDeleted',
      'toString',
      'constructor',
      '__proto__',
      '',
      null,
    ])
      expect(isFlashMessage(key), String(key)).toBe(false);
    expect(isFlashMessage('saved')).toBe(true);
  });

  it("a new campaign's and a new segment's save is confirmed on the page the editor leads to", () => {
    // The editors (use-form-feedback's redirect) carry their save message to /campaigns/[id] and /segments/[id].
    expect(isFlashMessage('campaignSaved')).toBe(true);
    expect(isFlashMessage('segmentSaved')).toBe(true);
  });
});
