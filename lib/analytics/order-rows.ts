/**
 * Order rows (customer uuid, day, cents) read from PostgreSQL's binary COPY format into typed
 * arrays, then grouped by customer for the analytics library. No object per order: a row costs
 * three array slots, and a customer id becomes a string once per customer, not once per order.
 * Several COPY streams may feed one set of rows (each through its own reader).
 */
import type { GroupedTransactions } from '@/analytics';

/** A big-endian 32-bit integer read byte by byte: plain indexing is what V8 does fastest (a module
 * function, not a closure: this runs for every order). */
function i32(b: Buffer, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hex8 = (v: number) => HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
const HEX_DIGIT = Uint8Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The rows of one or more streams: customers interned by their 16 uuid bytes in an open-addressing
 * table (four 32-bit words per customer), rows as customer index, day and cents.
 */
export class OrderRows {
  /** Customers seen: words[4c … 4c + 3] are customer c's uuid, big-endian words. */
  customers = 0;
  private words: Uint32Array;
  private slots: Int32Array;
  rows = 0;
  private cust: Int32Array;
  private days: Int32Array;
  private cents: Float64Array;

  /**
   * Room for about `expected` rows and customers from the start (the planner's estimates, say):
   * growing by doubling copies the arrays and rehashes the customers each time.
   */
  constructor(expected: { rows?: number; customers?: number } = {}) {
    const rows = Math.max(1 << 16, Math.ceil((expected.rows ?? 0) * 1.05));
    const customers = Math.max(4096, Math.ceil((expected.customers ?? 0) * 1.05));
    this.words = new Uint32Array(4 * customers);
    // A power of two at least twice the customers: the table stays at most half full.
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(2 * customers))).fill(-1);
    this.cust = new Int32Array(rows);
    this.days = new Int32Array(rows);
    this.cents = new Float64Array(rows);
  }

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
    const w1 = hex8(w[o + 1]);
    const w2 = hex8(w[o + 2]);
    return `${hex8(w[o])}-${w1.slice(0, 4)}-${w1.slice(4)}-${w2.slice(0, 4)}-${w2.slice(4)}${hex8(w[o + 3])}`;
  }

  /**
   * The customers in uuid order. Sorted as numbers with no comparator (several times faster): the
   * first uuid word times 2²¹ plus the index is unique and exact below 2⁵³; customers whose first
   * words tie (rare with random uuids) are then ordered by all four words.
   */
  private uuidOrder(): Int32Array {
    const n = this.customers;
    const { words } = this;
    const byWords = (a: number, b: number) => {
      for (let k = 0; k < 4; k++) {
        const d = words[4 * a + k] - words[4 * b + k];
        if (d !== 0) return d;
      }
      return 0;
    };
    const SHIFT = 2 ** 21;
    if (n > SHIFT) return Int32Array.from({ length: n }, (_, i) => i).sort(byWords);
    const keys = new Float64Array(n);
    for (let c = 0; c < n; c++) keys[c] = words[4 * c] * SHIFT + c;
    keys.sort();
    const order = new Int32Array(n);
    for (let r = 0; r < n; r++) order[r] = keys[r] % SHIFT;
    for (let r = 0; r < n; ) {
      let end = r + 1;
      while (end < n && words[4 * order[end]] === words[4 * order[r]]) end++;
      if (end - r > 1) order.subarray(r, end).sort(byWords);
      r = end;
    }
    return order;
  }

  /** The canonical text of each customer's uuid, in `order`: one string each, from its ASCII bytes. */
  private customerIdTexts(order: Int32Array): string[] {
    const w = this.words;
    const text = Buffer.alloc(36, 45); // '-' where no digit goes
    // `digits` hex digits of `value` (most significant first) at text[at …].
    const hex = (at: number, value: number, digits: number) => {
      for (let k = digits - 1, v = value; k >= 0; k--, v >>>= 4) text[at + k] = HEX_DIGIT[v & 15];
    };
    const ids = new Array<string>(order.length);
    for (let r = 0; r < order.length; r++) {
      const o = 4 * order[r];
      // 8-4-4-4-12: word 0 | word 1 split 4-4 | word 2 split 4-4 | word 3.
      hex(0, w[o], 8);
      hex(9, w[o + 1] >>> 16, 4);
      hex(14, w[o + 1] & 0xffff, 4);
      hex(19, w[o + 2] >>> 16, 4);
      hex(24, w[o + 2] & 0xffff, 4);
      hex(28, w[o + 3], 8);
      ids[r] = text.toString('latin1', 0, 36);
    }
    return ids;
  }

  /**
   * The rows grouped by customer: customers in uuid order (PostgreSQL's order of uuids, and of
   * their text), each customer's rows by day and then amount, so the same orders always give the
   * same arrays whatever order the streams delivered them in. Amounts are cents / 100. With
   * `shared`, the arrays live in SharedArrayBuffers (a worker thread can read them without a copy).
   */
  group({ shared = false } = {}): GroupedTransactions {
    const n = this.customers;
    const order = this.uuidOrder();
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
    const customerIds = this.customerIdTexts(order);
    return { customerIds, offsets, days, amounts };
  }
}

/**
 * The calendar days of a time zone as PostgreSQL sees them: the instant (microseconds since
 * 1970-01-01 UTC) each local day from `firstDay` on begins, one more than the days covered. An
 * instant's day is the last one begun by it.
 */
export class DayCalendar {
  constructor(
    /** Days since 1970-01-01 of the first local day. */
    readonly firstDay: number,
    /** starts[k]: when local day firstDay + k begins; increasing. */
    readonly starts: Float64Array,
  ) {
    for (let k = 1; k < starts.length; k++)
      if (!(starts[k] > starts[k - 1])) throw new RangeError('day calendar: day starts must increase');
  }

  /** When local day `day` begins (it must be in the calendar). */
  start(day: number): number {
    const k = day - this.firstDay;
    if (k < 0 || k >= this.starts.length) throw new RangeError(`day calendar: day ${day} is outside it`);
    return this.starts[k];
  }

  /** The local day of an instant in the calendar's range (microseconds since 1970-01-01 UTC). */
  dayOf(micros: number): number {
    const { starts } = this;
    // A local day is within a day of the UTC one (offsets are under 24 hours): at most a step or two.
    let k = Math.floor(micros / 86_400_000_000) - this.firstDay;
    if (k < 0) k = 0;
    if (k >= starts.length) k = starts.length - 1;
    while (k > 0 && starts[k] > micros) k--;
    while (k + 1 < starts.length && starts[k + 1] <= micros) k++;
    if (starts[k] > micros || k + 1 >= starts.length) throw new RangeError('day calendar: instant outside it');
    return this.firstDay + k;
  }
}

/** Microseconds from 1970-01-01 to PostgreSQL's timestamp epoch, 2000-01-01 (UTC). */
const PG_EPOCH_MICROS = 946_684_800_000_000;

/**
 * Reads one `COPY (select customer uuid, ordered_at timestamptz, total numeric …) TO STDOUT (FORMAT
 * binary)` stream into `rows`: each order's day in the company's time zone (from `calendar`) and
 * its total in cents, computed here from the raw values (the server only sends them). A tuple may
 * straddle chunks; call end() when the stream ends to check it was complete.
 */
export class BinaryOrderReader {
  private rest: Buffer | null = null;
  private started = false;
  private done = false;
  /** The previous row's customer (uuid words, index). */
  private readonly last = new Float64Array([-1, -1, -1, -1]);
  private lastCustomer = -1;

  constructor(
    private readonly rows: OrderRows,
    private readonly calendar: DayCalendar,
  ) {}

  /** Reads bytes start … end − 1 of `chunk` (by default all of it); a partial tuple waits for the next. */
  push(chunk: Buffer, start = 0, end = chunk.length): void {
    let buf = chunk;
    let p = start;
    let n = end;
    if (this.rest) {
      buf = Buffer.concat([this.rest, chunk.subarray(start, end)]);
      p = 0;
      n = buf.length;
    }
    this.rest = null;
    if (!this.started) {
      if (n - p < SIGNATURE.length + 8) {
        this.rest = Buffer.from(buf.subarray(p, n));
        return;
      }
      if (!buf.subarray(p, p + SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      const header = SIGNATURE.length + 8 + buf.readUInt32BE(p + SIGNATURE.length + 4);
      if (n - p < header) {
        this.rest = Buffer.from(buf.subarray(p, n));
        return;
      }
      p += header;
      this.started = true;
    }
    const b = buf;
    while (p + 2 <= n) {
      if (b[p] === 0xff && b[p + 1] === 0xff) {
        this.done = true;
        p += 2;
        break;
      }
      const fields = (b[p] << 8) | b[p + 1];
      if (fields !== 3) throw new Error(`binary COPY: expected 3 fields, got ${fields}`);
      // uuid (4 + 16), timestamptz (4 + 8), then numeric (4 + its length).
      if (p + 38 > n) break;
      if (i32(b, p + 2) !== 16 || i32(b, p + 22) !== 8)
        throw new Error('binary COPY: expected a uuid and a timestamptz');
      const numericLength = i32(b, p + 34);
      if (numericLength < 8) throw new Error('binary COPY: expected a numeric total');
      const end = p + 38 + numericLength;
      if (end > n) break;
      this.row(b, p);
      p = end;
    }
    if (p < n) {
      if (this.done) throw new Error('binary COPY: data after the end marker');
      this.rest = Buffer.from(buf.subarray(p, n));
    }
  }

  private row(b: Buffer, p: number): void {
    const w0 = i32(b, p + 6) >>> 0;
    const w1 = i32(b, p + 10) >>> 0;
    const w2 = i32(b, p + 14) >>> 0;
    const w3 = i32(b, p + 18) >>> 0;
    // A table written customer by customer delivers each one's orders together: skip the lookup.
    const last = this.last;
    if (w0 !== last[0] || w1 !== last[1] || w2 !== last[2] || w3 !== last[3]) {
      this.lastCustomer = this.rows.customerOf(w0, w1, w2, w3);
      last[0] = w0;
      last[1] = w1;
      last[2] = w2;
      last[3] = w3;
    }
    // timestamptz: microseconds since 2000-01-01 UTC (well inside 2⁵³ for any real date).
    const micros = i32(b, p + 26) * 4294967296 + (i32(b, p + 30) >>> 0) + PG_EPOCH_MICROS;
    this.rows.add(this.lastCustomer, this.calendar.dayOf(micros), numericCents(b, p + 38));
  }

  end(): void {
    if (!this.done || this.rest) throw new Error('binary COPY stream ended early');
  }
}

/**
 * A numeric in binary form (digit count, weight, sign, scale, base-10000 digits) with at most two
 * decimals, as a whole number of cents: exact, as the digits are integers.
 */
export function numericCents(b: Buffer, at: number): number {
  const ndigits = (b[at] << 8) | b[at + 1];
  const weight = ((b[at + 2] << 24) >> 16) | b[at + 3]; // int16
  const sign = (b[at + 4] << 8) | b[at + 5];
  if (sign === 0xc000) throw new RangeError('binary COPY: a total is NaN');
  let cents = 0;
  for (let i = 0; i < ndigits; i++) {
    const digit = (b[at + 8 + 2 * i] << 8) | b[at + 9 + 2 * i];
    const power = weight - i; // this digit counts 10000^power
    if (power >= 0) cents += digit * 10000 ** power * 100;
    else if (power === -1 && digit % 100 === 0) cents += digit / 100;
    else throw new RangeError('binary COPY: a total has more than two decimals');
  }
  return sign === 0x4000 ? -cents : cents;
}
