// use-intl's core (next-intl's own translator, without React): also loads in tsx scripts (the worker).
import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/i18n/config';
import en from '@/lib/i18n/messages/en/cases.json';
import zh from '@/lib/i18n/messages/zh-CN/cases.json';

const CATALOGS = { en, 'zh-CN': zh } as const;

export type EscalationEmailInput = {
  kind: 'firstResponse' | 'resolution';
  number: number;
  subject: string;
  /** When the breached target was due, as shown (UTC, like the note on the case). */
  due: string;
  customerName: string;
  assigneeName: string | null;
  recipientName: string;
  url: string;
};

/** The escalation email to a manager in their language (the cases.escalationEmail messages). */
export function escalationEmail(locale: Locale, v: EscalationEmailInput): { subject: string; text: string } {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: 'cases.escalationEmail' });
  const kind = t(`kinds.${v.kind}`);
  return {
    subject: t('subject', { kind, number: v.number }),
    text: [
      t('greeting', { name: v.recipientName }),
      '',
      t('body', { kind, number: v.number, subject: v.subject, due: v.due }),
      t('customer', { name: v.customerName }),
      v.assigneeName ? t('assignee', { name: v.assigneeName }) : t('unassigned'),
      '',
      t('open'),
      v.url,
      '',
      t('why'),
    ].join('\n'),
  };
}
