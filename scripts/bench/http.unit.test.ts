import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, startServer } from './http';

describe('the bench server', () => {
  const open: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  const listen = (port = 0) =>
    new Promise<number>((resolve) => {
      const server = net.createServer((socket) => {
        // Answers anything with 200, as another app's /login would.
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
      });
      open.push(server);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });

  it('refuses to start where another server already answers, rather than timing that one', async () => {
    const port = await listen();
    const started = startServer(port, {});
    await expect(started).rejects.toThrow(`Port ${port} is in use`);
    // (Without the check it resolved, with the other server's address, and left `next start` failing.)
    await started.then((server) => server.stop()).catch(() => undefined);
    await expect(assertPortFree(port)).rejects.toThrow(`Port ${port} is in use`);
  });

  it('a free port passes (and is free again afterwards)', async () => {
    const port = await listen();
    await new Promise((r) => open.pop()!.close(r));
    await expect(assertPortFree(port)).resolves.toBeUndefined();
    await expect(assertPortFree(port)).resolves.toBeUndefined();
  });
});
