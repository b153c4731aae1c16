import { isBotRequest } from '@/lib/marketing/campaigns/tokens';
import { recordOpen } from '@/lib/marketing/campaigns/tracking';

// A campaign email's open pixel (no session: the signed token names the member). A tampered or
// unknown token gets a 404; prefetchers and scanners are counted apart from people.

export const dynamic = 'force-dynamic';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  if (!(await recordOpen(token, isBotRequest(request.headers)))) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(GIF), {
    headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer' },
  });
}
