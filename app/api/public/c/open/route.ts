import { verifyToken } from '@/lib/marketing/campaigns/links';
import { overTrackingLimit } from '@/lib/marketing/campaigns/public-requests';
import { isBotRequest } from '@/lib/marketing/campaigns/tokens';
import { openTarget, recordOpen } from '@/lib/marketing/campaigns/tracking';

// A campaign email's open pixel (no session: the signed token names the member). A tampered or
// unknown token gets a 404; prefetchers and scanners are counted apart from people. Only a GET
// counts: a HEAD (a link checker) is answered without counting, and so is a GET over the per-address
// limit (the image is still sent, so the mail shows no broken picture).

export const dynamic = 'force-dynamic';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const HEADERS = { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer' };
const notFound = () => new Response('Not found', { status: 404 });

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  if (verifyToken(token)?.kind !== 'open') return notFound();
  const found = (await overTrackingLimit(request))
    ? await openTarget(token)
    : await recordOpen(token, isBotRequest(request.headers));
  if (!found) return notFound();
  return new Response(new Uint8Array(GIF), { headers: HEADERS });
}

export async function HEAD(request: Request): Promise<Response> {
  if (!(await openTarget(new URL(request.url).searchParams.get('t')))) return new Response(null, { status: 404 });
  return new Response(null, { headers: { ...HEADERS, 'Content-Length': String(GIF.length) } });
}
