import { isBotRequest } from '@/lib/marketing/campaigns/tokens';
import { recordClick } from '@/lib/marketing/campaigns/tracking';

// A campaign email's tracked link: counts the click, then redirects to the target, which must be a
// link of that campaign's body (no open redirect). A tampered token or a foreign target: 404.

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  const outcome = await recordClick(token, isBotRequest(request.headers));
  if (!outcome.ok) return new Response('Not found', { status: 404 });
  return new Response(null, {
    status: 302,
    headers: { Location: outcome.url, 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer' },
  });
}
