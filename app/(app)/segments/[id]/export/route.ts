import { z } from 'zod';
import { getViewer } from '@/lib/auth/viewer';
import { exportSegmentMembers } from '@/lib/marketing/segments/export';

// A segment's members as CSV (a route handler so the browser downloads a stream). It checks the
// session and permission itself: the (app) layout does not run for route handlers.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to export segments.', 401);
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return text('Not found.', 404);
  const result = await exportSegmentMembers(viewer, id);
  // A role without marketing gets the same answer as a missing segment: nothing about it leaks.
  if (result === 'forbidden' || result === 'notFound') return text('Not found.', 404);
  const filename = `segment-${id.slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.csv`;
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
