import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getMail } from '@/lib/mail/outbox';
import { STATUS_TONES } from '../_components/status-tones';

export const metadata: Metadata = { title: 'Email' };

export default async function MailPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('mail:read');
  const mail = await getMail(viewer, (await params).id);
  if (!mail) notFound();
  const [t, format] = await Promise.all([getTranslations('outbox'), getFormatter()]);
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'medium' }) : '—');
  const fields: [string, React.ReactNode][] = [
    [t('from'), mail.fromName ? `${mail.fromName} <${mail.fromAddress}>` : mail.fromAddress],
    [t('to'), mail.toAddresses.join(', ')],
    [
      t('case'),
      mail.caseId && mail.caseNumber ? (
        <Link key="c" className="text-brand-700 hover:underline" href={`/cases/${mail.caseId}`}>
          #{mail.caseNumber}
        </Link>
      ) : (
        t('noCase')
      ),
    ],
    [
      t('status'),
      <span key="s">
        <Badge tone={STATUS_TONES[mail.status]}>{t(`statuses.${mail.status}`)}</Badge>
        {mail.status === 'ignored' && mail.error ? ` ${t(`reasons.${mail.error}` as 'reasons.bounce')}` : null}
      </span>,
    ],
    [mail.direction === 'out' ? t('sentAt') : t('receivedAt'), when(mail.sentAt)],
    [
      t('messageId'),
      <code key="m" className="break-all text-xs">
        {mail.messageId}
      </code>,
    ],
    [
      t('inReplyTo'),
      mail.inReplyTo ? (
        <code key="r" className="break-all text-xs">
          {mail.inReplyTo}
        </code>
      ) : (
        '—'
      ),
    ],
  ];
  if (mail.references.length)
    fields.push([
      t('references'),
      <code key="f" className="break-all text-xs">
        {mail.references.join(' ')}
      </code>,
    ]);
  if (mail.direction === 'out') fields.push([t('attempts'), String(mail.attempts)]);
  if (mail.direction === 'out' && mail.error) fields.push([t('error'), mail.error]);
  return (
    <>
      <PageHeader
        title={mail.subject || t('noText')}
        description={
          <Link href="/outbox" className="text-brand-700 hover:underline">
            {t('back')}
          </Link>
        }
      />
      <div className="grid min-w-0 grid-cols-1 gap-6 lg:grid-cols-3">
        <Card className="min-w-0">
          <CardHeader title={t('details')} />
          <CardBody>
            <dl className="space-y-3 text-sm">
              {fields.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="break-words text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title={t('body')} />
          <CardBody>
            <pre className="whitespace-pre-wrap break-words font-sans text-sm text-slate-900">
              {mail.text || t('noText')}
            </pre>
            {mail.attachments.length ? (
              <>
                <h2 className="mt-6 mb-2 text-sm font-semibold text-slate-900">{t('attachments')}</h2>
                <ul className="space-y-1 text-sm">
                  {mail.attachments.map((a) => (
                    <li key={a.id} className="break-all">
                      {a.filename} · {format.number(a.size / 1024, { maximumFractionDigits: 0 })} KB
                      {a.skipped ? <span className="text-amber-800"> · {t('skipped')}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
