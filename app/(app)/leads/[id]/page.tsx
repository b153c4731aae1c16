import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getLead, listConvertTargets } from '@/lib/sales/leads/leads';
import { leadName } from '@/lib/sales/leads/names';
import { LEAD_OWNER_ROLES } from '@/lib/sales/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import { LeadForm } from '../_components/lead-form';
import { StatusBadge } from '../_components/status-badge';
import { ConvertForm } from './_components/convert-form';
import { ScoreReasons } from './_components/score-reasons';
import { StatusActions } from './_components/status-actions';

export const metadata: Metadata = { title: 'Lead' };

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('leads:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const lead = await getLead(viewer, id);
  // Missing, deleted and another rep's lead look the same: not found.
  if (!lead) notFound();
  const assigns = can(viewer, 'leads:assign');
  const [t, format, owners, targets] = await Promise.all([
    getTranslations('leads'),
    getFormatter(),
    assigns && lead.canEdit ? listAssignableUsers([...LEAD_OWNER_ROLES]) : Promise.resolve([]),
    lead.canEdit ? listConvertTargets(viewer, lead) : Promise.resolve([]),
  ]);
  const name = leadName(lead.firstName, lead.lastName);
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium' }) : t('detail.never'));
  const row = 'flex flex-col gap-0.5 sm:flex-row sm:gap-3';
  const dt = 'w-40 shrink-0 text-sm text-slate-500';
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {name}
            <StatusBadge status={lead.status} label={t(`status.${lead.status}`)} />
          </span>
        }
        description={[lead.title, lead.company].filter(Boolean).join(' · ') || undefined}
      />
      {lead.status === 'converted' ? (
        <div className="mb-6">
          <Alert tone="info">
            {t('detail.readOnly', { date: date(lead.convertedAt) })}{' '}
            {lead.convertedCustomerId ? (
              <Link href={`/customers/${lead.convertedCustomerId}`} className="font-medium underline">
                {t('detail.customer')}: {lead.convertedCustomerName}
              </Link>
            ) : null}
            {lead.convertedDealName ? (
              <span>
                {' · '}
                {t('detail.deal')}: {lead.convertedDealName}
              </span>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title={t('detail.details')} />
            <CardBody>
              <dl className="space-y-2">
                <div className={row}>
                  <dt className={dt}>{t('detail.owner')}</dt>
                  <dd>{lead.ownerName ?? t('detail.noOwner')}</dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('form.email')}</dt>
                  <dd className="break-all">{lead.email ?? '—'}</dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('form.phone')}</dt>
                  <dd>{lead.phone ?? '—'}</dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('form.source')}</dt>
                  <dd>{lead.source ?? '—'}</dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('detail.capturedVia')}</dt>
                  <dd>
                    {t(`detail.via.${lead.capturedVia === 'web_form' ? 'web_form' : 'manual'}`)}
                    {lead.capturePage ? (
                      <span className="block break-all text-xs text-slate-500">{lead.capturePage}</span>
                    ) : null}
                  </dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('detail.createdAt')}</dt>
                  <dd>{date(lead.createdAt)}</dd>
                </div>
                <div className={row}>
                  <dt className={dt}>{t('detail.lastActivity')}</dt>
                  <dd>{date(lead.lastActivityAt)}</dd>
                </div>
                {lead.unqualifiedReason ? (
                  <div className={row}>
                    <dt className={dt}>{t('detail.unqualifiedReason')}</dt>
                    <dd>{lead.unqualifiedReason}</dd>
                  </div>
                ) : null}
                {!lead.canEdit && lead.notes ? (
                  <div className={row}>
                    <dt className={dt}>{t('detail.notes')}</dt>
                    <dd className="whitespace-pre-wrap">{lead.notes}</dd>
                  </div>
                ) : null}
              </dl>
            </CardBody>
          </Card>
          {lead.canEdit ? (
            // Closed until asked for: on a phone the score, status and convert cards come right after the details.
            <Card>
              <details className="group">
                <summary className="cursor-pointer px-5 py-4 text-base font-semibold text-slate-900">
                  {t('form.editTitle')}
                </summary>
                <div className="border-t border-slate-100 px-5 py-4">
                  <LeadForm lead={lead} owners={owners} canChooseOwner={assigns} />
                </div>
              </details>
            </Card>
          ) : null}
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title={`${t('detail.score')}: ${lead.score}`} description={t('detail.scoreHint')} />
            <CardBody>
              <ScoreReasons reasons={lead.scoreReasons} />
            </CardBody>
          </Card>
          {lead.canEdit ? (
            <Card>
              <CardHeader title={t('actions.title')} />
              <CardBody>
                <StatusActions id={lead.id} version={lead.version} status={lead.status} />
              </CardBody>
            </Card>
          ) : null}
          <Card>
            <CardHeader title={t('detail.duplicates')} description={t('detail.duplicatesHint')} />
            <CardBody>
              {lead.hiddenDuplicates > 0 ? (
                <p className="mb-2 text-sm text-slate-600">
                  {t('detail.hiddenDuplicates', { count: lead.hiddenDuplicates })}
                </p>
              ) : null}
              {lead.duplicates.length === 0 ? (
                lead.hiddenDuplicates ? null : (
                  <p className="text-sm text-slate-500">{t('detail.noDuplicates')}</p>
                )
              ) : (
                <ul className="space-y-1 text-sm">
                  {lead.duplicates.map((d) => (
                    <li key={`${d.kind}-${d.id}`}>
                      <span className="text-slate-500">{t(`detail.kind.${d.kind}`)}: </span>
                      {d.kind === 'customer' ? (
                        <Link href={`/customers/${d.id}`} className="text-brand-700 hover:underline">
                          {d.name}
                        </Link>
                      ) : (
                        <Link href={`/leads/${d.id}`} className="text-brand-700 hover:underline">
                          {d.name}
                        </Link>
                      )}{' '}
                      <span className="text-slate-500">({t(`detail.match.${d.match}`)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
          {lead.canEdit ? (
            <Card>
              <CardHeader title={t('convert.title')} description={t('convert.description')} />
              <CardBody>
                {lead.status === 'unqualified' ? (
                  <p className="text-sm text-slate-600">{t('convert.unqualified')}</p>
                ) : (
                  <ConvertForm id={lead.id} version={lead.version} newName={lead.company ?? name} targets={targets} />
                )}
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
