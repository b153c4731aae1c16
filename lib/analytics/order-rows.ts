/**
 * Order rows (customer uuid, day, cents) read from PostgreSQL's binary COPY format into typed
 * arrays, then grouped by customer for the analytics library. No object per order: a row costs
 * three array slots, and a customer id becomes a string once per customer, not once per order.
 * Several COPY streams may feed one set of rows (each through its own reader).
 */
import type { GroupedTransactions } from '@/analytics';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Bytes of one tuple: field count, then length + value of uuid (16), int4 day (4), int8 cents (8). */
const TUPLE = 2 + 4 + 16 + 4 + 4 + 4 + 8;

/**
 * The rows of one or more streams: customers interned by their 16 uuid bytes in an open-addressing
 * table (four 32-bit words per customer), rows as customer index, day and cents.
 */
export class OrderRows {
  /** Customers seen: words[4c … 4c + 3] are customer c's uuid, big-endian words. */
  customers = 0;
  private words = new Uint32Array(4 * 4096);
  private slots = new Int32Array(8192).fill(-1);
  rows = 0;
  private cust = new Int32Array(1 << 16);
  private days = new Int32Array(1 << 16);
  private cents = new Float64Array(1 << 16);

  /** Index of the customer with these uuid words, interned when new. */
  customerOf(w0: number, w1: number, w2: number, w3: number): number {
    const mask = this.slots.length - 1;
    let h = Math.imul(
      w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35),
      0x27d4eb2f,
    );
    h = (h ^ (h >>> 15)) & mask;
    const { words, slots } = this;
    for (;;) {
      const c = slots[h];
      if (c < 0) break;
      const o = 4 * c;
      if (words[o] === w0 && words[o + 1] === w1 && words[o + 2] === w2 && words[o + 3] === w3) return c;
      h = (h + 1) & mask;
    }
    const c = this.customers++;
    if (4 * this.customers > this.words.length) {
      const more = new Uint32Array(this.words.length * 2);
      more.set(this.words);
      this.words = more;
    }
    this.words.set([w0, w1, w2, w3], 4 * c);
    slots[h] = c;
    // Keep the table at most half full.
    if (2 * this.customers > slots.length) this.rehash(slots.length * 2);
    return c;
  }

  private rehash(size: number): void {
    const old = this.customers;
    this.slots = new Int32Array(size).fill(-1);
    this.customers = 0;
    const words = this.words;
    for (let c = 0; c < old; c++) this.customerOf(words[4 * c], words[4 * c + 1], words[4 * c + 2], words[4 * c + 3]);
  }

  add(customer: number, day: number, cents: number): void {
    if (this.rows === this.cust.length) {
      const size = this.rows * 2;
      const cust = new Int32Array(size);
      const days = new Int32Array(size);
      const cents = new Float64Array(size);
      cust.set(this.cust);
      days.set(this.days);
      cents.set(this.cents);
      this.cust = cust;
      this.days = days;
      this.cents = cents;
    }
    this.cust[this.rows] = customer;
    this.days[this.rows] = day;
    this.cents[this.rows++] = cents;
  }

  /** Customer c's id in the canonical text form (lower-case hex with dashes). */
  customerId(c: number): string {
    const w = this.words;
    const o = 4 * c;
    const h = (v: number) => HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
    const w1 = h(w[o + 1]);
    const w2 = h(w[o + 2]);
    return `${h(w[o])}-${w1.slice(0, 4)}-${w1.slice(4)}-${w2.slice(0, 4)}-${w2.slice(4)}${h(w[o + 3])}`;
  }

  /**
   * The rows grouped by customer: customers in uuid order (PostgreSQL's order of uuids, and of
   * their text), each customer's rows by day and then amount, so the same orders always give the
   * same arrays whatever order the streams delivered them in. Amounts are cents / 100. With
   * `shared`, the arrays live in SharedArrayBuffers (a worker thread can read them without a copy).
   */
  group({ shared = false } = {}): GroupedTransactions {
    const n = this.customers;
    const { words } = this;
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      for (let k = 0; k < 4; k++) {
        const d = words[4 * a + k] - words[4 * b + k];
        if (d !== 0) return d;
      }
      return 0;
    });
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r]] = r;
    const alloc = <T>(make: (buffer: ArrayBuffer | SharedArrayBuffer) => T, bytes: number): T =>
      make(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const rows = this.rows;
    const offsets = alloc((b) => new Int32Array(b), 4 * (n + 1));
    const days = alloc((b) => new Int32Array(b), 4 * rows);
    const amounts = alloc((b) => new Float64Array(b), 8 * rows);
    const cents = new Float64Array(rows);
    for (let i = 0; i < rows; i++) offsets[rank[this.cust[i]] + 1]++;
    for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
    const fill = offsets.slice(0, n);
    for (let i = 0; i < rows; i++) {
      const at = fill[rank[this.cust[i]]]++;
      days[at] = this.days[i];
      cents[at] = this.cents[i];
    }
    // Each customer's rows by (day, cents): insertion sort, as a customer has a few dozen at most.
    for (let r = 0; r < n; r++) {
      for (let i = offsets[r] + 1; i < offsets[r + 1]; i++) {
        const d = days[i];
        const c = cents[i];
        let j = i - 1;
        while (j >= offsets[r] && (days[j] > d || (days[j] === d && cents[j] > c))) {
          days[j + 1] = days[j];
          cents[j + 1] = cents[j];
          j--;
        }
        days[j + 1] = d;
        cents[j + 1] = c;
      }
    }
    for (let i = 0; i < rows; i++) amounts[i] = cents[i] / 100;
    const customerIds = Array.from(order, (c) => this.customerId(c));
    return { customerIds, offsets, days, amounts };
  }
}

/**
 * Reads one `COPY (select uuid, int4, int8 …) TO STDOUT (FORMAT binary)` stream chunk by chunk into
 * `rows`. A tuple may straddle chunks; call end() when the stream ends to check it was complete.
 */
export class BinaryOrderReader {
  private rest: Buffer | null = null;
  private started = false;
  private done = false;
  /** The previous row's customer (uuid words, index). */
  private readonly last = new Float64Array([-1, -1, -1, -1]);
  private lastCustomer = -1;

  constructor(private readonly rows: OrderRows) {}

  push(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let p = 0;
    if (!this.started) {
      if (buf.length < SIGNATURE.length + 8) {
        this.rest = buf;
        return;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      const extension = buf.readUInt32BE(SIGNATURE.length + 4);
      p = SIGNATURE.length + 8 + extension;
      if (buf.length < p) {
        this.rest = buf;
        return;
      }
      this.started = true;
    }
    const rows = this.rows;
    const b = buf;
    // Big-endian words read byte by byte: plain indexing of the Uint8Array is what V8 does fastest.
    const i32 = (at: number) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
    const n = b.length;
    while (p + 2 <= n) {
      if (b[p] === 0xff && b[p + 1] === 0xff) {
        this.done = true;
        p += 2;
        break;
      }
      const fields = (b[p] << 8) | b[p + 1];
      if (fields !== 3) throw new Error(`binary COPY: expected 3 fields, got ${fields}`);
      if (p + TUPLE > n) break;
      if (i32(p + 2) !== 16 || i32(p + 22) !== 4 || i32(p + 30) !== 8)
        throw new Error('binary COPY: expected uuid, int4 and int8 values, none null');
      const w0 = i32(p + 6) >>> 0;
      const w1 = i32(p + 10) >>> 0;
      const w2 = i32(p + 14) >>> 0;
      const w3 = i32(p + 18) >>> 0;
      // A table written customer by customer delivers each one's orders together: skip the lookup.
      if (w0 !== this.last[0] || w1 !== this.last[1] || w2 !== this.last[2] || w3 !== this.last[3]) {
        this.lastCustomer = rows.customerOf(w0, w1, w2, w3);
        this.last[0] = w0;
        this.last[1] = w1;
        this.last[2] = w2;
        this.last[3] = w3;
      }
      rows.add(this.lastCustomer, i32(p + 26), i32(p + 34) * 4294967296 + (i32(p + 38) >>> 0));
      p += TUPLE;
    }
    if (p < buf.length) {
      if (this.done) throw new Error('binary COPY: data after the end marker');
      this.rest = Buffer.from(buf.subarray(p));
    }
  }

  end(): void {
    if (!this.done || this.rest) throw new Error('binary COPY stream ended early');
  }
}
