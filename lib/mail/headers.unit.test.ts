import { describe, expect, it } from 'vitest';
import { mailConfig, parseAddress } from './config';
import {
  caseNumberInSubject,
  caseSubject,
  ignoreReason,
  listUnsubscribeHeader,
  messageIdList,
  normalizeMessageId,
  replyText,
  sanitizeFilename,
  unsubscribeTokenInSubject,
} from './headers';

describe('case subjects', () => {
  it('puts the number first and keeps one tag when the subject already has one', () => {
    expect(caseSubject(1234, 'Printer broken')).toBe('[#1234] Printer broken');
    expect(caseSubject(1234, 'Re: [#1234] Printer broken')).toBe('[#1234] Re: Printer broken');
  });
  it('reads the number anywhere in a reply subject', () => {
    expect(caseNumberInSubject('Re: [#1234] Printer broken')).toBe(1234);
    expect(caseNumberInSubject('回复：Printer [#77]')).toBe(77);
    expect(caseNumberInSubject('#1234 without brackets')).toBeNull();
    expect(caseNumberInSubject(undefined)).toBeNull();
  });
});

describe('message ids', () => {
  it('are stored with angle brackets; malformed ones are dropped', () => {
    expect(normalizeMessageId(' abc@x.org ')).toBe('<abc@x.org>');
    expect(normalizeMessageId('<abc@x.org>')).toBe('<abc@x.org>');
    expect(normalizeMessageId('a b@x')).toBeNull();
    expect(normalizeMessageId('')).toBeNull();
  });
  it('lists References in order without repeats, from a string or an array', () => {
    expect(messageIdList('<a@x> <b@x>\r\n <a@x>')).toEqual(['<a@x>', '<b@x>']);
    expect(messageIdList(['<a@x>', '<c@x>'])).toEqual(['<a@x>', '<c@x>']);
    expect(messageIdList(undefined)).toEqual([]);
  });
});

describe('loops and auto-replies', () => {
  const check = (headers: Record<string, string>, from: string | null = 'ann@example.org') =>
    ignoreReason((name) => headers[name], from, ['support@lodestar.test']);
  it('ignores automatic mail', () => {
    expect(check({ 'auto-submitted': 'auto-replied' })).toBe('autoSubmitted');
    expect(check({ 'auto-submitted': 'auto-generated; foo' })).toBe('autoSubmitted');
    expect(check({ 'x-autoreply': 'yes' })).toBe('autoReply');
    expect(check({ 'x-auto-response-suppress': 'All' })).toBe('autoReply');
    expect(check({ precedence: 'Bulk' })).toBe('precedence');
    expect(check({ precedence: 'junk' })).toBe('precedence');
    expect(check({}, 'SUPPORT@lodestar.test')).toBe('ownAddress');
    expect(check({}, 'mailer-daemon@example.org')).toBe('bounce');
    expect(check({ 'content-type': 'multipart/report' })).toBe('bounce');
    expect(check({}, null)).toBe('noSender');
  });
  it('accepts a person’s mail', () => {
    expect(check({ 'auto-submitted': 'no' })).toBeNull();
    expect(check({ precedence: 'first-class' })).toBeNull();
    expect(check({})).toBeNull();
  });
});

describe('sanitizeFilename', () => {
  it('keeps the last path segment without control or reserved characters', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('a\u0000b<c>.txt')).toBe('a_b_c_.txt');
    expect(sanitizeFilename('evil\u202Etxt.exe')).toBe('evil_txt.exe');
    expect(sanitizeFilename('...hidden')).toBe('hidden');
    expect(sanitizeFilename('')).toBe('attachment');
    expect(sanitizeFilename(undefined)).toBe('attachment');
    expect(sanitizeFilename('报告.pdf')).toBe('报告.pdf');
  });
  it('cuts long names to 200 characters and keeps the extension', () => {
    const name = sanitizeFilename(`${'x'.repeat(300)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('mail config', () => {
  it('reads MAIL_FROM with or without a name; support addresses default to it', () => {
    expect(parseAddress('Help <Help@Example.com>')).toEqual({ name: 'Help', address: 'help@example.com' });
    const c = mailConfig({ MAIL_FROM: 'help@example.com' } as unknown as NodeJS.ProcessEnv);
    expect(c).toMatchObject({ smtpUrl: null, supportAddresses: ['help@example.com'], domain: 'example.com' });
    expect(
      mailConfig({ MAIL_SUPPORT_ADDRESSES: 'a@x.org, B@x.org', SMTP_URL: 'smtp://h' } as unknown as NodeJS.ProcessEnv),
    ).toMatchObject({ smtpUrl: 'smtp://h', supportAddresses: ['a@x.org', 'b@x.org'] });
    expect(c.unsubscribeAddress).toBe('unsubscribe@example.com');
    const own = mailConfig({ MAIL_UNSUBSCRIBE_ADDRESS: ' Leave@X.org ' } as unknown as NodeJS.ProcessEnv);
    expect(own.unsubscribeAddress).toBe('leave@x.org');
  });

  it('offers the simulated inbound mail without SMTP_URL, or with it when MAIL_SIMULATE_INBOUND=on', () => {
    const config = (env: Record<string, string>) => mailConfig(env as unknown as NodeJS.ProcessEnv).simulateInbound;
    expect(config({})).toBe(true);
    expect(config({ SMTP_URL: 'smtp://h' })).toBe(false);
    expect(config({ SMTP_URL: 'smtp://h', MAIL_SIMULATE_INBOUND: 'on' })).toBe(true);
    expect(config({ SMTP_URL: 'smtp://h', MAIL_SIMULATE_INBOUND: 'maybe' })).toBe(false);
    expect(config({ MAIL_SIMULATE_INBOUND: 'off' })).toBe(false);
  });
});

describe('replyText', () => {
  it('keeps the new part of a reply above the quoted message', () => {
    expect(replyText('Thanks, fixed.\n\nOn Mon, 1 Dec 2026 at 10:00, Support <s@x> wrote:\n> We are on it.')).toBe(
      'Thanks, fixed.',
    );
    expect(replyText('好的\r\n\r\n在 2026年12月1日 10:00，Support 写道：\r\n> 我们在处理')).toBe('好的');
    expect(replyText('Yes\n-----Original Message-----\nFrom: x')).toBe('Yes');
    expect(replyText('Yes\n\nFrom: Support <s@x.org>\nSent: Monday')).toBe('Yes');
    expect(replyText('Hi\nFrom: my side all is fine')).toBe('Hi\nFrom: my side all is fine');
    expect(replyText('Answer\n\n> quoted\n> more\n')).toBe('Answer');
  });
  it('keeps everything when nothing new would be left, or when quotes are inline', () => {
    expect(replyText('> only quoted')).toBe('> only quoted');
    expect(replyText('Top\n> inline quote\nMy answer below')).toBe('Top\n> inline quote\nMy answer below');
    expect(replyText('On the printer: it wrote nothing')).toBe('On the printer: it wrote nothing');
  });
});

describe('unsubscribe by email', () => {
  const token = `u.123e4567-e89b-42d3-a456-426614174000.${'A'.repeat(32)}`;
  it('the List-Unsubscribe header has the one-click URL, then a mailto whose subject carries the token', () => {
    expect(
      listUnsubscribeHeader('https://crm.example/api/public/unsubscribe?t=x', 'unsubscribe@crm.example', token),
    ).toBe(
      `<https://crm.example/api/public/unsubscribe?t=x>, <mailto:unsubscribe@crm.example?subject=unsubscribe%20${token}>`,
    );
  });
  it('finds the token in the subject as sent, or behind a reply prefix; nothing in other subjects', () => {
    expect(unsubscribeTokenInSubject(`unsubscribe ${token}`)).toBe(token);
    expect(unsubscribeTokenInSubject(`Re: unsubscribe ${token}`)).toBe(token);
    expect(unsubscribeTokenInSubject('Please unsubscribe me')).toBeNull();
    expect(unsubscribeTokenInSubject(`unsubscribe ${token}x!`)).toBeNull();
    expect(unsubscribeTokenInSubject(null)).toBeNull();
  });
});
