import { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import { isSameOrigin, payloadTooLarge } from '@/lib/http';
import { appendUpload } from '@/lib/sales/order-import/imports';
import { UPLOAD_PART_BYTES } from '@/lib/sales/order-import/schemas';

// POST /orders/import/<id>/upload?offset=N with one part of the file as the raw body (at most
// UPLOAD_PART_BYTES): a route handler, since a server action would take the bytes as base64 or
// multipart and buffer more. Written at `offset` on the server's disk; the answer says how much
// the server holds, so a closed tab or a lost request resumes from there. Same-origin only.

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });

const Params = z.object({ id: z.uuid() });
// Digits only: a missing or empty offset is not 0, nor is "0x10" 16.
const Offset = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  if (!isSameOrigin(request)) return json({ error: 'crossSite' }, 403);
  const viewer = await getViewer();
  if (!viewer) return json({ error: 'signedOut' }, 401);
  if (!can(viewer, 'orders:import')) return json({ error: 'forbidden' }, 403);
  const id = Params.safeParse(await params);
  const offset = Offset.safeParse(new URL(request.url).searchParams.get('offset'));
  if (!id.success || !offset.success) return json({ error: 'invalid' }, 400);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > UPLOAD_PART_BYTES) return payloadTooLarge(UPLOAD_PART_BYTES);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > UPLOAD_PART_BYTES) return payloadTooLarge(UPLOAD_PART_BYTES);
  const result = await appendUpload(viewer, id.data.id, offset.data, bytes);
  if (result.ok) return json({ received: result.received });
  if (result.reason === 'stale') return json({ error: 'offset', received: result.received }, 409);
  return json({ error: result.reason }, result.reason === 'notFound' ? 404 : 400);
}
