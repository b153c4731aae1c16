import { verifyToken } from '@/lib/marketing/campaigns/links';
import { overTrackingLimit } from '@/lib/marketing/campaigns/public-requests';
import { isBotRequest } from '@/lib/marketing/campaigns/tokens';
import { type ClickOutcome, clickTarget, recordClick } from '@/lib/marketing/campaigns/tracking';

// A campaign email's tracked link: counts the click, then redirects to the target, which must be a
// link of that campaign's body (no open redirect). A tampered token or a foreign target: 404. Only a
// GET counts: a HEAD (a link checker) gets the same redirect without counting, and so does a GET
// over the per-address limit (the person still reaches the page).

export const dynamic = 'force-dynamic';

function answer(outcome: ClickOutcome): Response {
  if (!outcome.ok) return new Response('Not found', { status: 404 });
  return new Response(null, {
    status: 302,
    headers: { Location: outcome.url, 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer' },
  });
}

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('t');
  if (verifyToken(token)?.kind !== 'click') return answer({ ok: false });
  if (await overTrackingLimit(request)) return answer(await clickTarget(token));
  return answer(await recordClick(token, isBotRequest(request.headers)));
}

export async function HEAD(request: Request): Promise<Response> {
  return answer(await clickTarget(new URL(request.url).searchParams.get('t')));
}
