import { verifyToken } from '@/lib/marketing/campaigns/links';
import { backToUnsubscribePage, unsubscribeRateLimited } from '@/lib/marketing/campaigns/public-requests';
import { resubscribe } from '@/lib/marketing/campaigns/tracking';

// "I unsubscribed by mistake": the button of the public unsubscribe page posts here with the same
// signed token (the token is the authority, as for the unsubscribe POST; no cookie is read, so a
// post from elsewhere can do nothing the token's holder could not). Never a GET: a link scanner
// opening the page must not opt anyone back in. Answered with a 303 back to the page, which shows
// the state from the database.

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  if (verifyToken(token)?.kind !== 'unsubscribe')
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  const limited = await unsubscribeRateLimited(request);
  if (limited) return limited;
  const outcome = await resubscribe(token);
  if (outcome === 'invalid')
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return backToUnsubscribePage(token ?? '');
}
