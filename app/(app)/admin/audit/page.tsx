import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { listAuditFacets, listAuditLog } from '@/lib/audit/queries';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { dateParam, firstValues, idParam, optional } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Audit log' };

const FilterSchema = z.object({
  actor: optional(z.uuid()),
  entity: optional(z.string().max(40)),
  action: optional(z.string().max(40)),
  from: dateParam,
  to: dateParam,
  before: idParam,
});

function describeDiff(diff: Record<string, unknown> | null): string {
  if (!diff) return '';
  return Object.entries(diff)
    .map(([k, v]) =>
      Array.isArray(v) && v.length === 2
        ? `${k}: ${JSON.stringify(v[0])} → ${JSON.stringify(v[1])}`
        : `${k}: ${JSON.stringify(v)}`,
    )
    .join('; ');
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('audit:read');
  const f = FilterSchema.parse(firstValues(await searchParams));
  const [t, tc] = await Promise.all([getTranslations('audit'), getTranslations('common')]);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <AuditList viewer={viewer} f={f} />
        </Suspense>
      </Card>
    </>
  );
}

/** The slow part: the filter choices and one page of entries, streamed below the header. */
async function AuditList({ viewer, f }: { viewer: Viewer; f: z.infer<typeof FilterSchema> }) {
  const to = f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  const [t, format, { rows, nextBefore }, facets] = await Promise.all([
    getTranslations('audit'),
    getFormatter(),
    listAuditLog(viewer, {
      actorId: f.actor,
      entity: f.entity,
      action: f.action,
      from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
      to,
      before: f.before,
    }),
    listAuditFacets(viewer),
  ]);
  const keep = new URLSearchParams(
    Object.entries({ actor: f.actor, entity: f.entity, action: f.action, from: f.from, to: f.to }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  return (
    <>
      <form
        className="grid gap-3 border-b border-slate-100 p-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
        role="search"
        aria-label={t('filterLabel')}
      >
        <FilterDisclosure active={[f.actor, f.entity, f.action, f.from, f.to].filter(Boolean).length}>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('actor')}</span>
            <Select name="actor" defaultValue={f.actor ?? ''}>
              <option value="">{t('anyone')}</option>
              {facets.actors.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.active ? p.name : t('inactiveActor', { name: p.name })}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('entity')}</span>
            <Select name="entity" defaultValue={f.entity ?? ''}>
              <option value="">{t('any')}</option>
              {facets.entities.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('action')}</span>
            <Select name="action" defaultValue={f.action ?? ''}>
              <option value="">{t('any')}</option>
              {facets.actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('from')}</span>
            <Input type="date" name="from" defaultValue={f.from} />
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('to')}</span>
            <Input type="date" name="to" defaultValue={f.to} />
          </label>
          {/* Every filter is in the panel, so its submit button is too. */}
          <Button type="submit" variant="secondary">
            {t('filter')}
          </Button>
        </FilterDisclosure>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <Table label={t('title')}>
          <thead>
            <tr>
              <Th>{t('when')}</Th>
              <Th>{t('actor')}</Th>
              <Th>{t('action')}</Th>
              <Th>{t('entity')}</Th>
              <Th>{t('changes')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap text-slate-600">
                  {format.dateTime(r.at, { dateStyle: 'medium', timeStyle: 'medium' })}
                </Td>
                <Td>{r.actorName ?? t('system')}</Td>
                <Td>
                  <code className="text-xs">{r.action}</code>
                </Td>
                <Td>
                  <code className="text-xs">
                    {r.entity}/{r.entityId.slice(0, 8)}
                  </code>
                </Td>
                <Td className="max-w-md truncate text-xs text-slate-600" title={describeDiff(r.diff)}>
                  {describeDiff(r.diff)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="flex justify-end gap-2 p-3">
        {f.before ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`/admin/audit?${keep.toString()}`}>{t('newest')}</Link>
          </Button>
        ) : null}
        {nextBefore ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`/admin/audit?${keep.toString()}&before=${nextBefore}`}>{t('older')}</Link>
          </Button>
        ) : null}
      </div>
    </>
  );
}
