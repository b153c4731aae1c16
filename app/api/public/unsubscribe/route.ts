import { readBodyBytes } from '@/lib/http';
import { verifyToken } from '@/lib/marketing/campaigns/links';
import { backToUnsubscribePage, unsubscribeRateLimited } from '@/lib/marketing/campaigns/public-requests';
import { unsubscribe } from '@/lib/marketing/campaigns/tracking';

// Unsubscribe by POST only (a link scanner's GET must not unsubscribe anyone):
// - RFC 8058 one-click: the mailbox provider posts `List-Unsubscribe=One-Click` to the URL of the
//   List-Unsubscribe header; answered 200 (or 404 for a bad token);
// - the public page's button (app/unsubscribe): answered with a 303 back to the page, which reads
//   the outcome from the database (the address carries no "done" flag anyone could add).
// Over the per-address limit: 429 with a message a person can read.

export const dynamic = 'force-dynamic';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

export async function POST(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  if (verifyToken(token)?.kind !== 'unsubscribe') return new Response('Not found', { status: 404, headers: TEXT });
  const limited = await unsubscribeRateLimited(request);
  if (limited) return limited;
  const bytes = await readBodyBytes(request, 4096);
  const body = bytes === 'tooLarge' ? '' : new TextDecoder().decode(bytes);
  const oneClick = new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
  const ok = await unsubscribe(token);
  if (oneClick || !ok)
    return new Response(ok ? 'Unsubscribed.' : 'Not found', { status: ok ? 200 : 404, headers: TEXT });
  return backToUnsubscribePage(token ?? '');
}
