import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listSegments } from '@/lib/marketing/segments/segments';

export const metadata: Metadata = { title: 'Segments' };

// Marketers and admins build and change segments; managers read them; everyone else gets a 404.
export default async function SegmentsPage() {
  const viewer = await requirePermission('marketing:read');
  const canWrite = can(viewer, 'marketing:write');
  const [t, format, list] = await Promise.all([getTranslations('segments'), getFormatter(), listSegments(viewer)]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={canWrite ? t('description') : t('readOnly')}
        actions={
          canWrite ? (
            <Button asChild>
              <Link href="/segments/new">{t('new')}</Link>
            </Button>
          ) : null
        }
      />
      <Card>
        {list.length === 0 ? (
          <EmptyState title={t('empty')} description={canWrite ? t('emptyHint') : undefined} />
        ) : (
          <Table label={t('title')}>
            <thead>
              <tr>
                <Th>{t('columns.name')}</Th>
                <Th>{t('columns.kind')}</Th>
                <Th className="text-right">{t('columns.members')}</Th>
                <Th>{t('columns.lastComputed')}</Th>
                <Th>{t('columns.owner')}</Th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <Td className="min-w-48">
                    <Link href={`/segments/${s.id}`} className="font-medium text-brand-700 hover:underline">
                      {s.name}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={s.kind === 'static' ? 'violet' : 'blue'}>
                      {t.has(`kinds.${s.kind}`) ? t(`kinds.${s.kind}`) : s.kind}
                    </Badge>
                  </Td>
                  <Td className="text-right tabular-nums">
                    {s.memberCount === null ? t('never') : format.number(s.memberCount)}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {s.lastComputedAt
                      ? format.dateTime(s.lastComputedAt, { dateStyle: 'medium', timeStyle: 'short' })
                      : t('never')}
                  </Td>
                  <Td>{s.ownerName ?? t('never')}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
