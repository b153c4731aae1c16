import { clientAddress } from '@/lib/auth/client-address';
import { readBodyBytes } from '@/lib/http';
import { captureLead } from '@/lib/sales/leads/capture';
import { formFields, MAX_CAPTURE_BYTES, readCaptureBody, wantsJson } from '@/lib/sales/leads/capture-request';
import { captureThanksUrl } from '@/lib/sales/leads/lead-settings';

// The public web-to-lead endpoint: no session. A plain HTML form on any site posts here (the
// snippet in Settings) and the visitor is sent on to a thank-you page with a 303; a script posting
// JSON gets JSON. No cookie is read or set, so any origin may call it (CORS `*`, no credentials).

export const dynamic = 'force-dynamic';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept',
  'Access-Control-Max-Age': '86400',
  'Cache-Control': 'no-store',
};

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...CORS, ...extra } });
}

/**
 * A 303 to the thank-you page: this app's own as a path (the browser resolves it against the
 * endpoint it posted to), never an origin built from the request's Host header, which the client
 * writes; or the company's page from Settings (an admin's http(s) address).
 */
function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { ...CORS, Location: location } });
}

function text(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { ...CORS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

export function OPTIONS(): Response {
  return new Response(null, { status: 204, headers: CORS });
}

export async function POST(request: Request): Promise<Response> {
  const type = request.headers.get('content-type');
  // Read at most MAX_CAPTURE_BYTES, declared or streamed: a bigger body is not a lead form.
  const bytes = await readBodyBytes(request, MAX_CAPTURE_BYTES);
  if (bytes === 'tooLarge') return text(413, 'The form is too large.');
  let fields: Record<string, unknown>;
  let kind: 'json' | 'form';
  if ((type ?? '').toLowerCase().startsWith('multipart/form-data')) {
    try {
      const body = new Response(bytes as BodyInit, { headers: { 'content-type': type as string } });
      fields = formFields((await body.formData()).entries());
    } catch {
      return text(400, 'The form could not be read.');
    }
    kind = 'form';
  } else {
    const body = readCaptureBody(type, new TextDecoder().decode(bytes));
    if (body.kind === 'unsupported') return text(415, 'Send the form as application/x-www-form-urlencoded or JSON.');
    if (body.kind === 'malformed') return text(400, 'The form could not be read.');
    fields = body.fields;
    kind = body.kind;
  }
  const json_ = wantsJson(kind, request.headers.get('accept'));
  const outcome = await captureLead(fields, {
    ip: clientAddress(request.headers),
    page: request.headers.get('referer'),
  });
  switch (outcome.status) {
    case 'rateLimited': {
      const retry = { 'Retry-After': String(outcome.retryAfterSeconds) };
      return json_
        ? json(429, { ok: false, error: 'rateLimited' }, retry)
        : text(429, 'Too many submissions from your address. Please try again later.', retry);
    }
    case 'invalid': {
      if (json_) return json(422, { ok: false, error: 'invalid', fields: outcome.fieldErrors });
      const missing = Object.keys(outcome.fieldErrors).join(',');
      return redirect(`/lead-thanks?status=invalid&fields=${encodeURIComponent(missing)}`);
    }
    default: {
      // A honeypot hit is answered exactly like a success: a bot learns nothing.
      if (json_) return json(201, { ok: true });
      return redirect((await captureThanksUrl()) ?? '/lead-thanks');
    }
  }
}
