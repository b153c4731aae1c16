import { clientAddress } from '@/lib/auth/client-address';
import { readBodyBytes } from '@/lib/http';
import { answerCsatSurvey } from '@/lib/service/csat';

// The public satisfaction survey's answer (no session): the page /csat/<token> posts its plain form
// here and the visitor is sent back to it with a 303 and the outcome; the page then shows the thanks,
// "already answered", "expired" or the form again with the error. Posts from anywhere are accepted (the page sends no referrer, so its form posts with `Origin: null`; the token is the authority: lib/auth/auth.config.ts).

export const dynamic = 'force-dynamic';

const MAX_BYTES = 16 * 1024;

function back(token: string, result?: string): Response {
  const path = `/csat/${encodeURIComponent(token)}${result ? `?result=${result}` : ''}`;
  return new Response(null, { status: 303, headers: { Location: path, 'Cache-Control': 'no-store' } });
}

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const bytes = await readBodyBytes(request, MAX_BYTES);
  if (bytes === 'tooLarge') return new Response('The form is too large.', { status: 413 });
  let fields: URLSearchParams;
  try {
    fields = new URLSearchParams(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return new Response('The form could not be read.', { status: 400 });
  }
  const outcome = await answerCsatSurvey(
    token,
    { rating: fields.get('rating') ?? undefined, comment: fields.get('comment') ?? undefined },
    { ip: clientAddress(request.headers) },
  );
  switch (outcome.status) {
    case 'saved':
      return back(token, 'saved');
    case 'rateLimited':
      return back(token, 'rateLimited');
    case 'badInput':
      return back(token, outcome.fields.includes('rating') ? 'rating' : 'comment');
    default:
      // answered, expired, invalid: the page says which.
      return back(token);
  }
}
