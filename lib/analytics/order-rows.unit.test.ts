import { describe, expect, it } from 'vitest';
import { BinaryOrderReader, OrderRows } from './order-rows';

/** A `COPY … TO STDOUT (FORMAT binary)` stream of (uuid, int4, int8) rows, as PostgreSQL writes it. */
function binaryCopy(rows: [string, number, number][]): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  for (const [id, day, cents] of rows) {
    const b = Buffer.alloc(42);
    b.writeInt16BE(3, 0);
    b.writeInt32BE(16, 2);
    Buffer.from(id.replace(/-/g, ''), 'hex').copy(b, 6);
    b.writeInt32BE(4, 22);
    b.writeInt32BE(day, 26);
    b.writeInt32BE(8, 30);
    b.writeBigInt64BE(BigInt(cents), 34);
    parts.push(b);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const A = 'ffffffff-0000-4000-8000-00000000000a';
const B = '0a0b0c0d-1e2f-4a5b-9c6d-7e8f90a1b2c3';
const C = '80000000-0000-0000-0000-000000000001';

describe('binary COPY order rows', () => {
  it('groups rows by customer in uuid order, each by day then amount, amounts in currency units', () => {
    const rows = new OrderRows();
    const stream = binaryCopy([
      [A, 20_001, 1999],
      [B, 20_005, 500],
      [A, 20_000, 250],
      [C, 19_000, 12_345_678_901],
      [A, 20_001, 100],
      [B, 20_005, -75],
    ]);
    const reader = new BinaryOrderReader(rows);
    // Chunks that cut the header, a uuid and a number in two.
    for (const [from, to] of [
      [0, 7],
      [7, 30],
      [30, 100],
      [100, 101],
      [101, stream.length],
    ])
      reader.push(stream.subarray(from, to));
    reader.end();
    expect(rows.rows).toBe(6);
    const g = rows.group();
    expect(g.customerIds).toEqual([B, C, A]);
    expect(Array.from(g.offsets)).toEqual([0, 2, 3, 6]);
    expect(Array.from(g.days)).toEqual([20_005, 20_005, 19_000, 20_000, 20_001, 20_001]);
    expect(Array.from(g.amounts)).toEqual([-0.75, 5, 123_456_789.01, 2.5, 1, 19.99]);
  });

  it('puts two streams into one set of rows, and gives shared arrays when asked', () => {
    const rows = new OrderRows();
    for (const part of [
      binaryCopy([[A, 1, 100]]),
      binaryCopy([
        [B, 2, 200],
        [A, 0, 300],
      ]),
    ]) {
      const reader = new BinaryOrderReader(rows);
      reader.push(part);
      reader.end();
    }
    const g = rows.group({ shared: true });
    expect(g.customerIds).toEqual([B, A]);
    expect(Array.from(g.days)).toEqual([2, 0, 1]);
    expect(g.days.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('interns thousands of customers (the table grows) and refuses a stream that ends early', () => {
    const rows = new OrderRows();
    const ids = Array.from(
      { length: 5000 },
      (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
    );
    const reader = new BinaryOrderReader(rows);
    reader.push(binaryCopy(ids.map((id, i) => [id, i, i])));
    reader.end();
    expect(rows.customers).toBe(5000);
    expect(rows.group().customerIds).toEqual(ids);
    const cut = new BinaryOrderReader(new OrderRows());
    const whole = binaryCopy([[A, 1, 1]]);
    cut.push(whole.subarray(0, whole.length - 5));
    expect(() => cut.end()).toThrow(/ended early/);
  });
});
