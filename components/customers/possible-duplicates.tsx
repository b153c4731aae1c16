import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import type { Viewer } from '@/lib/auth/permissions';
import { listPossibleDuplicates } from '@/lib/customers/duplicates/find-duplicates';
import { MatchBadges, possibleReasons } from './pair-cells';

/**
 * For the customer 360 page: live customers that may be this one, each with a merge link. Renders
 * nothing when there are none or the viewer may not merge (listPossibleDuplicates checks that).
 */
export async function PossibleDuplicates({ viewer, customerId }: { viewer: Viewer; customerId: string }) {
  const [t, found] = await Promise.all([getTranslations('duplicates'), listPossibleDuplicates(viewer, customerId)]);
  if (found.length === 0) return null;
  return (
    <Card>
      <CardHeader title={t('possibleTitle')} />
      <CardBody>
        <ul className="divide-y divide-slate-100 text-sm">
          {found.map((d) => (
            <li key={d.id} className="flex items-start justify-between gap-3 py-2">
              <div className="min-w-0 space-y-1">
                <Link href={`/customers/${d.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.name}
                </Link>
                {d.email || d.phone ? (
                  <div className="truncate text-slate-600">{[d.email, d.phone].filter(Boolean).join(' · ')}</div>
                ) : null}
                <MatchBadges reasons={possibleReasons(d)} nameScore={d.nameScore} />
              </div>
              <Button asChild size="sm" variant="secondary">
                <Link
                  href={`/customers/merge?a=${customerId}&b=${d.id}`}
                  aria-label={t('possibleMergeLabel', { name: d.name })}
                >
                  {t('possibleMerge')}
                </Link>
              </Button>
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
