import { cn } from './cn';

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn('animate-pulse rounded-md bg-slate-200/70', className)} />;
}

/**
 * The placeholder of a page's slow part, for a <Suspense> boundary below the page header. Pages
 * check access (and notFound()) before anything streams, so a refusal still answers 404; only
 * the data that follows loads behind this.
 */
export function SectionSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" aria-label={label} className="space-y-2">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of identical placeholders
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
