import { can } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { exportDeals } from '@/lib/sales/deals/deal-export';
import { DealFilterSchema } from '@/lib/sales/deals/deal-filters';
import { urlValues } from '@/lib/search-params';

// The deal list as CSV. A route handler (not a page) so the browser downloads a stream; it checks
// the session and permission itself, since the (app) layout does not run for route handlers.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

/** GET /deals/export?<list filters>: the deals the list shows (the viewer's visibility), as CSV. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to export deals.', 401);
  if (!can(viewer, 'deals:read')) return text('You may not export deals.', 403);
  const parsed = DealFilterSchema.parse(urlValues(request.url));
  const filter = can(viewer, 'deals:reassign') ? parsed : { ...parsed, owner: undefined };
  const result = await exportDeals(viewer, filter, undefined, await pageLocale());
  if (result === 'forbidden') return text('You may not export deals.', 403);
  const filename = `deals-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(result.stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Row-Count': String(result.rowCount),
    },
  });
}
