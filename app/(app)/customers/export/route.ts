import { can, type Viewer } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import {
  EXPORT_FORM_BYTES,
  type ExportSelection,
  exportCustomers,
  parseExportForm,
  parseExportParams,
} from '@/lib/customers/export';
import { isSameOrigin, payloadTooLarge, readTextBody } from '@/lib/http';
import { urlValues } from '@/lib/search-params';

// The customers as CSV. A route handler (not a page) so the browser downloads a stream; it checks
// the session and permission itself, since the (app) layout does not run for route handlers.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

/** GET /customers/export?<list filters>: the filtered list, in its order. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await exporter();
  if (viewer instanceof Response) return viewer;
  const selection = parseExportParams(urlValues(request.url));
  if (!selection) return text('Send a selection of customers as a POST form (ids=…), not in the URL.', 400);
  return respond(viewer, selection);
}

/**
 * POST /customers/export with a form `ids=a,b,c` (up to 1,000): the selected rows. A form POST
 * because a selection does not fit in a URL. Only this app's own pages may send it (Origin check;
 * the session cookie is SameSite=Lax as well).
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return text('Cross-site export requests are refused.', 403);
  const viewer = await exporter();
  if (viewer instanceof Response) return viewer;
  const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return text('Send the selection as a form (ids=…).', 415);
  const body = await readTextBody(request, EXPORT_FORM_BYTES);
  if (body === 'tooLarge') return payloadTooLarge(EXPORT_FORM_BYTES);
  const selection = parseExportForm(new URLSearchParams(body));
  if (!selection) return text('ids must be a comma-separated list of 1 to 1,000 customer ids.', 400);
  return respond(viewer, selection);
}

/** The signed-in viewer who may export, or the refusal. */
async function exporter(): Promise<Viewer | Response> {
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to export customers.', 401);
  if (!can(viewer, 'customers:read')) return text('You may not export customers.', 403);
  return viewer;
}

async function respond(viewer: Viewer, selection: ExportSelection): Promise<Response> {
  const result = await exportCustomers(viewer, selection);
  if (result === 'forbidden') return text('You may not export customers.', 403);
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
