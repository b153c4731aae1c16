import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';

/**
 * The socket (peer) address of the HTTP request being handled.
 *
 * Next.js (16) gives route handlers, server actions and proxy.ts no socket: it only writes the
 * socket address into `X-Forwarded-For`, and only when the request has no such header, so a client
 * that sends its own cannot be told apart from one that did not. This module closes that gap: once
 * installed (instrumentation.ts, at server start), every request an http(s) server of this process
 * emits runs inside an AsyncLocalStorage holding its socket address, which any code handling the
 * request (Auth.js `authorize` in a server action included) reads with `peerAddress()`. No header
 * carries it, so a client cannot forge it. Requests that arrived before installation (the first
 * instants after start) have none: `peerAddress()` returns undefined for them.
 */
type State = { storage: AsyncLocalStorage<string | undefined>; installed: boolean };

// On globalThis: instrumentation and the route bundles are separate module graphs in one process.
const KEY = Symbol.for('lodestar.peerAddress');
const g = globalThis as typeof globalThis & { [KEY]?: State };

function state(): State {
  g[KEY] ??= { storage: new AsyncLocalStorage(), installed: false };
  return g[KEY];
}

export function installPeerAddressCapture(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request') return emit.call(this, event, ...args);
      const request = args[0] as http.IncomingMessage;
      return s.storage.run(request.socket?.remoteAddress, () => emit.call(this, event, ...args));
    } as typeof Server.prototype.emit;
  }
}

/** The socket address of the current request, or undefined outside a captured request. */
export function peerAddress(): string | undefined {
  return g[KEY]?.storage.getStore();
}
