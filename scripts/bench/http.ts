// What a signed-in user waits for: the production server started against a database, a real
// sign-in through Auth.js's credentials endpoint, and timed GETs read to the last byte of HTML.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..', '..');

export type Server = { base: string; process: ChildProcess; stop(): Promise<void> };

/**
 * Refuses a port something already listens on. Otherwise the wait below would find that server's
 * /login answering, and the bench would time another server (another build, another database) while
 * its own `next start` failed with EADDRINUSE.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is in use: stop what listens there, or pass --port <another>.`)
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Starts `next start` with the given environment and waits until /login answers. */
export async function startServer(port: number, env: Record<string, string>): Promise<Server> {
  await assertPortFree(port);
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${base}/login`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Cookies from Set-Cookie headers, as a Cookie header value (name=value; …). */
function mergeCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Signs in as a real user would, through Auth.js's credentials endpoint (the same authorize, throttle
 * and session as the login form), and returns the Cookie header of the session.
 */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  mergeCookies(jar, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  await response.arrayBuffer();
  mergeCookies(jar, response);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) {
    throw new Error(`Sign-in as ${email} failed (HTTP ${response.status}, ${response.headers.get('location')})`);
  }
  return cookieHeader(jar);
}

/** One authenticated GET, read to the end; refuses redirects (a lost session must not look fast). */
export async function timeGet(
  url: string,
  cookie: string | null,
): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const body = await response.arrayBuffer();
  const ms = performance.now() - t0;
  return { ms, status: response.status, bytes: body.byteLength };
}

export type Stats = { p50: number; p95: number; max: number; runs: number };

export function percentiles(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Times `fn` `runs` times after `warmup` untimed calls. */
export async function repeat(runs: number, warmup: number, fn: (i: number) => Promise<number>): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn(i));
  return percentiles(times);
}
