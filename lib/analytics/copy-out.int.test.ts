import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '@/lib/testing/db';
import { copyOut } from './copy-out';
import { connectRefreshClient } from './lock';

const ctx = setupTestDatabase();

describe.runIf(process.env.TEST_DRIVER === 'pg')('COPY … TO STDOUT straight from the socket', () => {
  let client: Awaited<ReturnType<typeof connectRefreshClient>>;
  beforeAll(async () => {
    client = await connectRefreshClient(ctx.handle.url!);
  });
  afterAll(async () => {
    await client.end();
  });

  /** Rows of varying length, far more bytes than one socket read: messages straddle the reads. */
  const query = (rows: number, last = '') =>
    `copy (select i, repeat('x', i % 97)${last} from generate_series(1, ${rows}) i) to stdout (format binary)`;

  it('hands over every row whole, however the reads cut the messages, and the connection goes on', async () => {
    let messages = 0;
    let sum = 0;
    let text = 0;
    let malformed = 0;
    await copyOut(client, query(60_000), (buffer, start, end) => {
      messages++;
      // The header message (signature, flags, extension) precedes the first row; the trailer is 0xffff.
      let p = start;
      if (messages === 1) p += 19;
      if (end - p === 2) return;
      const i = buffer.readInt32BE(p + 6);
      const length = buffer.readInt32BE(p + 10);
      const whole = buffer.readInt16BE(p) === 2 && buffer.readInt32BE(p + 2) === 4 && end - (p + 14) === length;
      if (!whole || length !== i % 97 || buffer.toString('latin1', p + 14, end) !== 'x'.repeat(length)) malformed++;
      sum += i;
      text += length;
    });
    expect(malformed).toBe(0);
    expect(messages).toBe(60_000 + 1);
    expect(sum).toBe((60_000 * 60_001) / 2);
    let expected = 0;
    for (let i = 1; i <= 60_000; i++) expected += i % 97;
    expect(text).toBe(expected);
    expect((await client.query('select 41 + 1 as n')).rows[0].n).toBe(42);
  });

  it('fails with the server’s error when the query fails midway, and the connection goes on', async () => {
    await expect(copyOut(client, query(60_000, ', 1 / (i - 50000)'), () => {})).rejects.toThrow(/division by zero/);
    expect((await client.query('select 1 as n')).rows[0].n).toBe(1);
  });

  it('fails with the reader’s error, after reading to the end of the copy', async () => {
    let calls = 0;
    await expect(
      copyOut(client, query(30_000), () => {
        calls++;
        if (calls === 10) throw new Error('bad row');
      }),
    ).rejects.toThrow('bad row');
    expect(calls).toBe(10);
    expect((await client.query('select 2 as n')).rows[0].n).toBe(2);
  });
});
