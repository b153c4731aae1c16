import { readBodyBytes } from '@/lib/http';
import { UNSUBSCRIBE_PAGE } from '@/lib/marketing/campaigns/links';
import { unsubscribe } from '@/lib/marketing/campaigns/tracking';

// Unsubscribe by POST only (a link scanner's GET must not unsubscribe anyone):
// - RFC 8058 one-click: the mailbox provider posts `List-Unsubscribe=One-Click` to the URL of the
//   List-Unsubscribe header; answered 200 (or 404 for a bad token);
// - the public page's button (app/unsubscribe): answered with a 303 back to the page.

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  const bytes = await readBodyBytes(request, 4096);
  const body = bytes === 'tooLarge' ? '' : new TextDecoder().decode(bytes);
  const oneClick = new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
  const ok = await unsubscribe(token);
  if (oneClick || !ok)
    return new Response(ok ? 'Unsubscribed.' : 'Not found', {
      status: ok ? 200 : 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  const back = `${UNSUBSCRIBE_PAGE}?t=${encodeURIComponent(token ?? '')}&done=1`;
  return new Response(null, { status: 303, headers: { Location: back, 'Cache-Control': 'no-store' } });
}
