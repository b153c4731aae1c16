import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { can, type Viewer } from '@/lib/auth/permissions';

/** Before the first complete refresh: what the page will show, and how to get there. */
export async function NoRun({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations('analytics.noRun');
  return (
    <Card>
      <EmptyState
        title={t('title')}
        description={can(viewer, 'analytics:refresh') ? t('descriptionRefresh') : t('descriptionAsk')}
      />
    </Card>
  );
}

/** The scope has no scored customers (a rep without customers who bought, a filter that matches none). */
export async function NoCustomers() {
  const t = await getTranslations('analytics.noCustomers');
  return (
    <Card>
      <EmptyState title={t('title')} description={t('description')} />
    </Card>
  );
}
