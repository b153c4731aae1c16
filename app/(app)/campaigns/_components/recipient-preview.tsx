'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { previewCampaignAction, searchCampaignRecipientsAction } from '@/lib/marketing/campaigns/campaign-actions';
import type { CampaignPreview, RecipientOption } from '@/lib/marketing/campaigns/preview';

/** How long the preview waits after the last keystroke before it asks the server again. */
const DELAY_MS = 400;

type Template = { subject: string; bodyText: string; bodyHtml: string | null };

/**
 * The email for one customer of the segment: a search over the segment's customers (server side,
 * ten at a time), and the subject, HTML and text rendered for the one picked. The HTML is shown in
 * a sandboxed frame without scripts (srcdoc; the page's policy applies inside it too).
 */
export function RecipientPreview({
  segmentId,
  template,
  onRecipient,
}: {
  segmentId: string | null;
  template: Template;
  onRecipient: (customerId: string | null) => void;
}) {
  const t = useTranslations('campaigns.preview');
  const [q, setQ] = useState('');
  const [recipients, setRecipients] = useState<RecipientOption[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const listId = useId();

  // The segment's customers matching the search; the first is picked when the pick is not among them.
  useEffect(() => {
    if (!segmentId) {
      setRecipients(null);
      setPicked(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const result = await searchCampaignRecipientsAction({ segmentId, q });
      if (!current) return;
      const found = result.ok && result.data ? result.data : [];
      setRecipients(found);
      setPicked((p) => (p && found.some((r) => r.id === p) ? p : (found[0]?.id ?? null)));
    }, DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [segmentId, q]);

  useEffect(() => onRecipient(picked), [picked, onRecipient]);

  const key = segmentId && picked ? JSON.stringify({ segmentId, customerId: picked, ...template }) : null;
  useEffect(() => {
    if (!key) {
      setPreview(null);
      return;
    }
    let current = true;
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await previewCampaignAction(JSON.parse(key));
      if (!current) return;
      setLoading(false);
      if (result.ok && result.data) {
        setPreview(result.data);
        setProblem(null);
      } else {
        setPreview(null);
        setProblem(result.reason === 'notFound' ? t('notInAudience') : null);
      }
    }, DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, t]);

  return (
    <Card>
      <CardHeader title={t('title')} description={t('hint')} />
      <CardBody>
        {!segmentId ? (
          <p className="text-sm text-slate-500">{t('needSegment')}</p>
        ) : (
          <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
            <div className="space-y-2">
              <label className="block text-sm font-medium text-slate-700" htmlFor={`${listId}-q`}>
                {t('search')}
              </label>
              <Input
                id={`${listId}-q`}
                type="search"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t('searchPlaceholder')}
                maxLength={100}
              />
              {recipients && recipients.length === 0 ? (
                <p className="text-sm text-slate-500">{t('noRecipients')}</p>
              ) : null}
              {recipients && recipients.length > 0 ? (
                <fieldset>
                  <legend className="sr-only">{t('recipients')}</legend>
                  <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
                    {recipients.map((r) => (
                      <li key={r.id}>
                        <label
                          className={`flex cursor-pointer flex-col px-3 py-1.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-brand-600 ${picked === r.id ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
                        >
                          <input
                            type="radio"
                            name={`${listId}-recipient`}
                            value={r.id}
                            checked={picked === r.id}
                            onChange={() => setPicked(r.id)}
                            className="sr-only"
                          />
                          <span className="truncate font-medium text-slate-900">{r.name}</span>
                          <span className="truncate text-xs text-slate-600">{r.email ?? '—'}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              ) : null}
            </div>
            <div className="min-w-0 space-y-3" aria-live="polite" aria-busy={loading}>
              {problem ? <p className="text-sm text-red-600">{problem}</p> : null}
              {preview ? (
                <>
                  <dl className="space-y-1 text-sm">
                    <div className="flex gap-2">
                      <dt className="w-16 shrink-0 text-slate-500">{t('subject')}</dt>
                      <dd
                        className="min-w-0 font-medium [overflow-wrap:anywhere] text-slate-900"
                        data-testid="preview-subject"
                      >
                        {preview.subject}
                      </dd>
                    </div>
                    <div className="flex gap-2">
                      <dt className="sr-only">{t('recipients')}</dt>
                      <dd className="min-w-0 [overflow-wrap:anywhere] text-slate-600">
                        {preview.recipient.email
                          ? t('to', { name: preview.recipient.name, email: preview.recipient.email })
                          : t('toNoEmail', { name: preview.recipient.name })}
                      </dd>
                    </div>
                  </dl>
                  {preview.wouldSkip ? (
                    <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
                      {t(`wouldSkip.${preview.wouldSkip}`)}
                    </p>
                  ) : null}
                  <section aria-label={t('html')}>
                    <h3 className="mb-1 text-sm font-medium text-slate-700">{t('html')}</h3>
                    {preview.html ? (
                      <>
                        <iframe
                          title={t('htmlFrame', { name: preview.recipient.name })}
                          srcDoc={preview.html}
                          sandbox=""
                          referrerPolicy="no-referrer"
                          className="h-96 w-full rounded-md border border-slate-200 bg-white"
                        />
                        <p className="mt-1 text-xs text-slate-500">{t('imagesNote')}</p>
                      </>
                    ) : (
                      <p className="text-sm text-slate-500">{t('noHtml')}</p>
                    )}
                  </section>
                  <section aria-label={t('text')}>
                    <h3 className="mb-1 text-sm font-medium text-slate-700">{t('text')}</h3>
                    <pre
                      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable)
                      tabIndex={0}
                      className="max-h-72 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-xs whitespace-pre-wrap [overflow-wrap:anywhere] text-slate-800"
                      data-testid="preview-text"
                    >
                      {preview.text}
                    </pre>
                  </section>
                </>
              ) : loading ? (
                <p className="text-sm text-slate-500">{t('loading')}</p>
              ) : null}
            </div>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
