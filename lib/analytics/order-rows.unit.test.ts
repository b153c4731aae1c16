import { describe, expect, it } from 'vitest';
import { BinaryOrderReader, DayCalendar, numericCents, OrderRows } from './order-rows';

const DAY = 86_400_000_000; // microseconds
const PG_EPOCH = 946_684_800_000_000; // 2000-01-01 in microseconds since 1970

/** numeric's binary form of a decimal string with up to two decimals. */
function numeric(text: string): Buffer {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const digits: number[] = [];
  const padded = whole.padStart(Math.ceil(whole.length / 4) * 4, '0');
  for (let i = 0; i < padded.length; i += 4) digits.push(Number(padded.slice(i, i + 4)));
  if (fraction) digits.push(Number(fraction.padEnd(4, '0')));
  const b = Buffer.alloc(8 + 2 * digits.length);
  b.writeInt16BE(digits.length, 0);
  b.writeInt16BE(padded.length / 4 - 1, 2);
  b.writeUInt16BE(text.startsWith('-') ? 0x4000 : 0, 4);
  b.writeInt16BE(fraction.length, 6);
  digits.forEach((d, i) => {
    b.writeInt16BE(d, 8 + 2 * i);
  });
  return b;
}

/** A `COPY … TO STDOUT (FORMAT binary)` stream of (uuid, timestamptz, numeric) rows, as PostgreSQL writes it. */
function binaryCopy(rows: [string, number, string][]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  for (const [id, micros, total] of rows) {
    const n = numeric(total);
    const b = Buffer.alloc(38);
    b.writeInt16BE(3, 0);
    b.writeInt32BE(16, 2);
    Buffer.from(id.replace(/-/g, ''), 'hex').copy(b, 6);
    b.writeInt32BE(8, 22);
    b.writeBigInt64BE(BigInt(micros - PG_EPOCH), 26);
    b.writeInt32BE(n.length, 34);
    parts.push(b, n);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const A = 'ffffffff-0000-4000-8000-00000000000a';
const B = '0a0b0c0d-1e2f-4a5b-9c6d-7e8f90a1b2c3';
const C = '80000000-0000-0000-0000-000000000001';
/** UTC days 18990 … 20010. */
const utc = new DayCalendar(
  18_990,
  Float64Array.from({ length: 1021 }, (_, k) => (18_990 + k) * DAY),
);

describe('binary COPY order rows', () => {
  it('groups rows by customer in uuid order, each by day then amount, amounts from the numeric totals', () => {
    const rows = new OrderRows();
    const stream = binaryCopy([
      [A, 20_001 * DAY + 5, '19.99'],
      [B, 20_005 * DAY, '5.00'],
      [A, 20_000 * DAY + DAY - 1, '2.5'],
      [C, 19_000 * DAY + 3_600_000_000, '123456789.01'],
      [A, 20_001 * DAY + 7, '1'],
      [B, 20_005 * DAY + 60, '0.75'],
    ]);
    const reader = new BinaryOrderReader(
      rows,
      new DayCalendar(
        18_990,
        Float64Array.from({ length: 1100 }, (_, k) => (18_990 + k) * DAY),
      ),
    );
    // Chunks that cut the header, a uuid and a number in two.
    for (const [from, to] of [
      [0, 7],
      [7, 30],
      [30, 100],
      [100, 101],
      [101, stream.length],
    ])
      reader.push(stream, from, to);
    reader.end();
    expect(rows.rows).toBe(6);
    const g = rows.group();
    expect(g.customerIds).toEqual([B, C, A]);
    expect(Array.from(g.offsets)).toEqual([0, 2, 3, 6]);
    expect(Array.from(g.days)).toEqual([20_005, 20_005, 19_000, 20_000, 20_001, 20_001]);
    expect(Array.from(g.amounts)).toEqual([0.75, 5, 123_456_789.01, 2.5, 1, 19.99]);
  });

  it('puts two streams into one set of rows, and gives shared arrays when asked', () => {
    const rows = new OrderRows();
    for (const part of [
      binaryCopy([[A, 19_001 * DAY, '1.00']]),
      binaryCopy([
        [B, 19_002 * DAY, '2.00'],
        [A, 19_000 * DAY, '3.00'],
      ]),
    ]) {
      const reader = new BinaryOrderReader(rows, utc);
      reader.push(part);
      reader.end();
    }
    const g = rows.group({ shared: true });
    expect(g.customerIds).toEqual([B, A]);
    expect(Array.from(g.days)).toEqual([19_002, 19_000, 19_001]);
    expect(g.days.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('interns thousands of customers (the table grows) and refuses a stream that ends early', () => {
    const rows = new OrderRows();
    const ids = Array.from(
      { length: 5000 },
      (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
    );
    const reader = new BinaryOrderReader(rows, utc);
    reader.push(binaryCopy(ids.map((id, i) => [id, (19_000 + (i % 900)) * DAY, '1.00'])));
    reader.end();
    expect(rows.customers).toBe(5000);
    expect(rows.group().customerIds).toEqual(ids);
    const cut = new BinaryOrderReader(new OrderRows(), utc);
    const whole = binaryCopy([[A, 19_500 * DAY, '1.00']]);
    cut.push(whole.subarray(0, whole.length - 5));
    expect(() => cut.end()).toThrow(/ended early/);
  });

  it('orders random uuids as PostgreSQL does, first words that tie included, with and without room reserved', () => {
    let seed = 7;
    const word = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed.toString(16).padStart(8, '0');
    };
    const uuid = (first: string) => {
      const [b, c, d] = [word(), word(), word()];
      return `${first}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
    };
    // Random ids, a few sharing their first 32 bits (and one all-zero, one all-f).
    const ids = Array.from({ length: 3000 }, () => uuid(word()));
    for (const first of ['00000000', 'ffffffff', ids[5].slice(0, 8), ids[5].slice(0, 8)]) ids.push(uuid(first));
    ids.push('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
    for (const rows of [
      new OrderRows(),
      new OrderRows({ rows: 10, customers: 10 }),
      new OrderRows({ rows: 9000, customers: 3010 }),
    ]) {
      const reader = new BinaryOrderReader(rows, utc);
      // Three orders each, interleaved, so no customer's rows come together.
      reader.push(
        binaryCopy(
          [0, 1, 2].flatMap((k) => ids.map((id): [string, number, string] => [id, (19_000 + k) * DAY, `${k}.00`])),
        ),
      );
      reader.end();
      const g = rows.group();
      // Lower-case hex text sorts as the uuid bytes do (PostgreSQL's order of uuids).
      expect(g.customerIds).toEqual([...ids].sort());
      expect(g.offsets[g.customerIds.length]).toBe(3 * ids.length);
      expect(Array.from(g.amounts.subarray(0, 3))).toEqual([0, 1, 2]);
    }
  });

  it('a time zone’s day: the last local day begun by the instant (UTC+8 days begin at 16:00 UTC the day before)', () => {
    const shanghai = new DayCalendar(
      19_999,
      Float64Array.from([0, 1, 2, 3], (k) => (19_999 + k) * DAY - 8 * 3_600_000_000),
    );
    expect(shanghai.dayOf(20_000 * DAY)).toBe(20_000); // 08:00 local
    expect(shanghai.dayOf(20_000 * DAY + 16 * 3_600_000_000 - 1)).toBe(20_000); // 23:59:59.999999 local
    expect(shanghai.dayOf(20_000 * DAY + 16 * 3_600_000_000)).toBe(20_001); // midnight local
    expect(shanghai.start(20_001)).toBe(20_001 * DAY - 8 * 3_600_000_000);
    expect(() => shanghai.dayOf(30_000 * DAY)).toThrow(/outside/);
  });

  it('reads numeric totals as exact cents: 0.05, 1234.50, 10000, 99999999.99', () => {
    for (const [text, cents] of [
      ['0.05', 5],
      ['1234.50', 123_450],
      ['10000', 1_000_000],
      ['99999999.99', 9_999_999_999],
      ['-7.10', -710],
    ] as const)
      expect(numericCents(numeric(text), 0)).toBe(cents);
  });
});
