// use-intl's core (next-intl's own translator, without React): also loads in tsx scripts (the worker).
import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/i18n/config';
import en from '@/lib/i18n/messages/en/csat.json';
import zh from '@/lib/i18n/messages/zh-CN/csat.json';

const CATALOGS = { en, 'zh-CN': zh } as const;

/** The survey email's subject and plain text in the contact's language (the csat.email messages). */
export function csatEmail(
  locale: Locale,
  v: { number: number; subject: string; url: string; name: string | null; days: number },
): { subject: string; text: string } {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: 'csat.email' });
  const greeting = v.name ? t('greetingNamed', { name: v.name }) : t('greeting');
  return {
    subject: t('subject', { number: v.number, subject: v.subject }),
    text: [
      greeting,
      '',
      t('body', { number: v.number, subject: v.subject }),
      '',
      v.url,
      '',
      t('expiry', { days: v.days }),
      '',
      t('signature'),
    ].join('\n'),
  };
}
