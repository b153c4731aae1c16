import { Card } from '@/components/ui/card';
import Link from '@/components/ui/link';

export type Kpi = { key: string; label: string; value: string; sub?: string; href?: string };

/** The headline numbers of a dashboard, each linking to its customers where that means something. */
export function KpiTiles({ items, label }: { items: Kpi[]; label: string }) {
  return (
    <section aria-label={label} className="mb-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {items.map((k) => (
          <Card key={k.key} className="p-4">
            <dt className="text-sm text-slate-500">
              {k.href ? (
                <Link href={k.href} className="hover:text-brand-700 hover:underline">
                  {k.label}
                </Link>
              ) : (
                k.label
              )}
            </dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`kpi-${k.key}`}>
              {k.value}
            </dd>
            {k.sub ? <dd className="mt-0.5 text-xs text-slate-500">{k.sub}</dd> : null}
          </Card>
        ))}
      </dl>
    </section>
  );
}
