import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const headers = (values: Record<string, string>) => new Headers(values);

describe('clientAddress', () => {
  it('takes the right-most X-Forwarded-For value: the one the nearest proxy appended', () => {
    expect(clientAddress(headers({ 'x-forwarded-for': '203.0.113.7' }))).toBe('203.0.113.7');
    // A client that sends its own X-Forwarded-For cannot choose the address it is throttled by.
    expect(clientAddress(headers({ 'x-forwarded-for': '1.2.3.4, 5.6.7.8, 198.51.100.2' }))).toBe('198.51.100.2');
    expect(clientAddress(headers({ 'x-forwarded-for': 'spoofed, 198.51.100.2 ,' }))).toBe('198.51.100.2');
  });

  it('uses X-Real-IP when there is no X-Forwarded-For, and "unknown" when there is neither', () => {
    expect(clientAddress(headers({ 'x-real-ip': ' 192.0.2.1 ' }))).toBe('192.0.2.1');
    expect(clientAddress(headers({ 'x-forwarded-for': ' , ', 'x-real-ip': '192.0.2.1' }))).toBe('192.0.2.1');
    expect(clientAddress(headers({}))).toBe('unknown');
  });
});
