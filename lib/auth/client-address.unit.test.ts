import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  normalizeAddress,
  resolveClientAddress,
  trustedProxies,
  UNKNOWN_ADDRESS,
} from './client-address';
import { installPeerAddressCapture, peerAddress } from './peer-address';

const resolve = (forwardedFor: string | null, peer: string | undefined, n: number) =>
  resolveClientAddress({ forwardedFor, peer, trustedProxies: n });

describe('resolveClientAddress', () => {
  it('with no trusted proxy (the default) uses the socket address and ignores X-Forwarded-For', () => {
    expect(resolve(null, '203.0.113.7', 0)).toBe('203.0.113.7');
    // A client that sends its own X-Forwarded-For cannot choose the address it is throttled by.
    expect(resolve('1.2.3.4, 5.6.7.8', '203.0.113.7', 0)).toBe('203.0.113.7');
    expect(resolve('1.2.3.4', undefined, 0)).toBe(UNKNOWN_ADDRESS);
  });

  it('with N trusted proxies takes the N-th value from the right of X-Forwarded-For', () => {
    const header = 'forged-by-client, 198.51.100.2, 10.0.0.5';
    expect(resolve(header, '10.0.0.9', 1)).toBe('10.0.0.5');
    expect(resolve(header, '10.0.0.9', 2)).toBe('198.51.100.2');
    expect(resolve(' 198.51.100.2 , ,10.0.0.5 ,', '10.0.0.9', 2)).toBe('198.51.100.2');
  });

  it('with fewer values than trusted proxies takes the left-most (written by a trusted proxy)', () => {
    expect(resolve('198.51.100.2', '10.0.0.9', 3)).toBe('198.51.100.2');
  });

  it('with trusted proxies but no X-Forwarded-For falls back to the socket address', () => {
    expect(resolve(null, '192.0.2.1', 1)).toBe('192.0.2.1');
    expect(resolve(' , ', undefined, 1)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('normalizeAddress', () => {
  it('unwraps IPv4-mapped IPv6, drops ports and brackets, and keeps other IPv6 as it is', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('192.0.2.1:5678')).toBe('192.0.2.1');
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(normalizeAddress('x'.repeat(100))).toHaveLength(64);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('is 0 when unset or empty, a whole number otherwise; anything else is a configuration error', () => {
    expect(trustedProxies(undefined)).toBe(0);
    expect(trustedProxies(' ')).toBe(0);
    expect(trustedProxies('2')).toBe(2);
    for (const bad of ['-1', '1.5', 'two', '100']) expect(() => trustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('peerAddress', () => {
  it('is the socket address of the request being handled, across awaits, whatever headers it sends', async () => {
    installPeerAddressCapture();
    const seen: (string | undefined)[] = [];
    const server = http.createServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(peerAddress(), clientAddress(new Headers(req.headers as Record<string, string>)));
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(await response.text()).toBe('ok');
    } finally {
      await new Promise((r) => server.close(r));
    }
    // The forged header is ignored: TRUSTED_PROXIES is unset here, so the socket address counts.
    expect(seen.map((a) => a && normalizeAddress(a))).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(peerAddress()).toBeUndefined(); // outside a request
  });
});
