// Request checks shared by proxy.ts and the route handlers: body size limits and same-origin
// checks. No server-only imports: proxy.ts runs them before any route.

/**
 * The largest request body the app accepts: the server-action limit, which next.config.mjs sets
 * (`experimental.serverActions.bodySizeLimit`, checked by a unit test). The import sends chunks of
 * at most ~700 kB (lib/customers/import/read-file.ts chunkRows), so a real user never reaches it.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The 413 answer: plain text, so it reads the same to a browser, a fetch and a server-action call. */
export function payloadTooLarge(limit: number): Response {
  return new Response(`Request body too large: the limit is ${formatBytes(limit)}.`, {
    status: 413,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${Math.round(n / 1024)} kB`;
}

/**
 * Whether the request body is longer than `limit` bytes. A declared Content-Length answers at
 * once; a chunked body (no Content-Length) is read from a clone up to limit + 1 bytes, which the
 * original keeps for the route. Next already buffers bodies that reach proxy.ts, so the clone
 * costs no extra round trip.
 */
export async function bodyExceeds(request: Request, limit: number): Promise<boolean> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length)) return length > limit;
  }
  if (!request.body) return false;
  return (await readUpTo(request.clone().body!, limit)) === null;
}

/** The bytes of a stream, or null as soon as there are more than `limit` (the rest is not read). */
async function readUpTo(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a clone (a tee) settles only once both are cancelled.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A route handler's body as bytes, or 'tooLarge' past `limit` bytes (declared or actual: the rest is not read). */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array | 'tooLarge'> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return 'tooLarge';
  if (!request.body) return new Uint8Array(0);
  return (await readUpTo(request.body, limit)) ?? 'tooLarge';
}

/** A route handler's body as text, or 'tooLarge' past `limit` bytes (declared or actual). */
export async function readTextBody(request: Request, limit: number): Promise<string | 'tooLarge'> {
  const bytes = await readBodyBytes(request, limit);
  return bytes === 'tooLarge' ? bytes : new TextDecoder().decode(bytes);
}

/**
 * Whether a state-changing request comes from this app's own pages: its Origin header names the
 * host the request was sent to (the proxy's X-Forwarded-Host, else Host). Browsers send Origin on
 * every cross-site and same-site POST; a request without one is refused. A page on another site
 * cannot forge it, nor set X-Forwarded-Host without a CORS preflight this app never answers.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return false;
  const host =
    request.headers.get('x-forwarded-host')?.split(',')[0].trim() ??
    request.headers.get('host') ??
    new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Whether a request says it was sent by a page of another origin: its Origin header (browsers send
 * one with every POST) is not this app's, or is "null" (a sandboxed frame, a file) or unreadable.
 * A request without Origin is not a browser's, and carries no one else's cookies: it passes, as
 * Next's own server-action check lets it.
 */
export function fromOtherOrigin(request: Request): boolean {
  return request.headers.has('origin') && !isSameOrigin(request);
}

/** A 400 for a request no page of this app could have sent. */
export function badRequest(message: string): Response {
  return new Response(message, {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The 403 for a state-changing request another site sent. */
export function crossSiteRefused(): Response {
  return new Response('Requests from other sites are refused.', {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** Whether every %-escape of a URL path decodes as UTF-8 (Next answers 500 for /customers/%FF). */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a request body cannot be what it claims to be, or null: a multipart body whose envelope
 * does not parse, or a server-action call whose arguments are not an argument list (React's
 * client sends a JSON array, or multipart whose field "0" is one). Next's own parsers throw on
 * these, which answers 500. Read from a clone.
 */
export async function malformedBody(request: Request): Promise<string | null> {
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  const isAction = request.headers.has('next-action');
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.clone().formData();
      // Next's parser (busboy) refuses control characters in a part's headers, which this one keeps.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      for (const key of form.keys()) if (/[\u0000-\u001f\u007f]/.test(key)) throw new Error(key);
    } catch {
      return 'The multipart body is malformed.';
    }
    if (isAction && !isJsonArray(form.get('0'))) return ACTION_ARGUMENTS;
    if (!boundArgumentsAreLists(form)) return ACTION_ARGUMENTS;
    return null;
  }
  if (isAction) {
    const text = await request.clone().text();
    try {
      JSON.parse(text);
    } catch {
      return 'A server action call must send JSON or multipart form data.';
    }
    if (!isJsonArray(text)) return ACTION_ARGUMENTS;
  }
  return null;
}

const ACTION_ARGUMENTS = 'A server action call must send its arguments as a list.';

/** Whether a form value is JSON text of an array (what React sends as an argument list). */
function isJsonArray(value: FormDataEntryValue | null): boolean {
  if (typeof value !== 'string') return false;
  try {
    return Array.isArray(JSON.parse(value));
  } catch {
    return false;
  }
}

/**
 * A form posted without script (progressive enhancement) names its action in `$ACTION_REF_<n>`
 * and describes it in `$ACTION_<n>:0` as `{"id", "bound"}`, where `bound` is null or a reference
 * "$@<k>" to the field `$ACTION_<n>:<k>` holding the bound arguments, a list (React writes
 * `[{"ok":false}]` for a useActionState form). Bound arguments that are not a list make React
 * throw while binding them (a 500).
 */
function boundArgumentsAreLists(form: FormData): boolean {
  for (const key of form.keys()) {
    if (!key.startsWith('$ACTION_REF_')) continue;
    const prefix = `$ACTION_${key.slice('$ACTION_REF_'.length)}:`;
    let meta: unknown;
    try {
      meta = JSON.parse(String(form.get(`${prefix}0`)));
    } catch {
      return false;
    }
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
    const bound = (meta as { bound?: unknown }).bound;
    if (bound === null || bound === undefined) continue;
    const reference = typeof bound === 'string' ? /^\$@([0-9a-f]+)$/.exec(bound) : null;
    if (!reference || !isJsonArray(form.get(`${prefix}${reference[1]}`))) return false;
  }
  return true;
}
