// use-intl's core (next-intl's own translator, without React): also loads in tsx scripts (the worker).
import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/i18n/config';
import en from '@/lib/i18n/messages/en/mail.json';
import zh from '@/lib/i18n/messages/zh-CN/mail.json';

const CATALOGS = { en, 'zh-CN': zh } as const;

/** The line under every email to a customer about a case, in their language (mail.caseMail.footer). */
export function caseMailFooter(locale: Locale, number: number): string {
  return createTranslator({ locale, messages: CATALOGS[locale], namespace: 'mail.caseMail' })('footer', { number });
}
