import { can } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import { exportCustomers, parseExportParams } from '@/lib/customers/export';

/**
 * GET /customers/export?<list filters> or ?ids=a,b,c → the customers as CSV. A route handler (not a
 * page) so the browser downloads a stream; it checks the session and permission itself, since the
 * (app) layout does not run for route handlers.
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return new Response('Sign in to export customers.', { status: 401 });
  if (!can(viewer, 'customers:read')) return new Response('You may not export customers.', { status: 403 });

  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in params)) params[key] = value;
  const selection = parseExportParams(params);
  if (!selection) return new Response('ids must be a comma-separated list of customer ids.', { status: 400 });

  const result = await exportCustomers(viewer, selection);
  if (result === 'forbidden') return new Response('You may not export customers.', { status: 403 });
  const filename = `customers-${new Date().toISOString().slice(0, 10)}.csv`;
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
