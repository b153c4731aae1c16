import { can } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import { OrderFilterSchema } from '@/lib/sales/orders/filters';
import { exportOrders } from '@/lib/sales/orders/orders';
import { urlValues } from '@/lib/search-params';

// The orders list as CSV, with the list's filters (GET /orders/export?<filters>). A route handler
// so the browser downloads a stream; it checks the session and permission itself (the (app)
// layout does not run for route handlers), and the rows go through visibleOrders.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function GET(request: Request): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to export orders.', 401);
  if (!can(viewer, 'orders:read')) return text('You may not export orders.', 403);
  const parsed = OrderFilterSchema.parse(urlValues(request.url));
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  const stream = await exportOrders(viewer, seesTeam ? parsed : { ...parsed, owner: undefined });
  if (stream === 'forbidden') return text('You may not export orders.', 403);
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
