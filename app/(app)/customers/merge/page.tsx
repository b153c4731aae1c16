import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getMergePreview, type MergeSideDto } from '@/lib/customers/duplicates/merge-preview';
import { MERGE_FIELDS, type MergeField } from '@/lib/customers/duplicates/merge-rules';
import { firstValues } from '@/lib/search-params';
import { MergeForm, type MergeFormSide } from './_components/merge-form';

export const metadata: Metadata = { title: 'Merge customers' };

const ParamsSchema = z.object({ a: z.uuid(), b: z.uuid() });

export default async function MergePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:merge');
  const params = ParamsSchema.safeParse(firstValues(await searchParams));
  if (!params.success) notFound();
  const [t, format] = await Promise.all([getTranslations('customerMerge'), getFormatter()]);
  const header = (
    <PageHeader
      title={t('title')}
      description={t('description')}
      actions={
        <Button asChild variant="secondary">
          <Link href="/customers/duplicates">{t('backToDuplicates')}</Link>
        </Button>
      }
    />
  );
  if (params.data.a === params.data.b) {
    return (
      <>
        {header}
        <Alert tone="error">{t('sameCustomer')}</Alert>
      </>
    );
  }
  const preview = await getMergePreview(viewer, params.data.a, params.data.b);
  if (!preview) notFound();

  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  /** Display strings for the client form; raw values stay on the server (the action re-reads them under lock). */
  const display = (side: MergeSideDto, field: MergeField): string | null => {
    const value = side.values[field];
    if (field === 'kind') return t(`kind.${value as 'person' | 'company'}`);
    if (field === 'ownerId') return side.ownerName;
    if (field === 'emailConsent')
      return side.unsubscribedAt
        ? t('consent.unsubscribed', { date: date(side.unsubscribedAt) })
        : value
          ? t('consent.optedIn')
          : t('consent.none');
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  };
  const toForm = (side: MergeSideDto): MergeFormSide => ({
    id: side.id,
    version: side.version,
    name: side.values.name as string,
    created: date(side.createdAt),
    ownerName: side.ownerName,
    tags: side.tags,
    counts: side.counts,
    display: Object.fromEntries(MERGE_FIELDS.map((f) => [f, display(side, f)])) as Record<MergeField, string | null>,
    facts: {
      id: side.id,
      createdAt: side.createdAt.toISOString(),
      empty: Object.fromEntries(MERGE_FIELDS.map((f) => [f, side.values[f] === null || side.values[f] === ''])),
      unsubscribedAt: side.unsubscribedAt?.toISOString() ?? null,
      emailConsent: side.values.emailConsent === true,
    },
  });
  const a = toForm(preview.a);
  const b = toForm(preview.b);
  return (
    <>
      {header}
      {/* Keyed by versions: after "Reload" following a stale refusal, the form starts over from fresh values. */}
      <MergeForm key={`${a.version}-${b.version}`} a={a} b={b} sharedCampaigns={preview.sharedCampaigns} />
    </>
  );
}
