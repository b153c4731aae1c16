import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../../analytics/random';

/**
 * A synthetic order-line export in the shape of UCI "Online Retail" (the Kaggle CSV): one row per
 * line item, invoice numbers repeated on their lines, cancellations as "C" invoices with negative
 * quantities, a quarter of the lines without a customer (guest sales), customer ids written as
 * floats ("17850.0"), dates as "12/1/2010 8:26", some zero prices, descriptions with commas and
 * quotes. Seeded: the same parameters always write the same file.
 */
export type OrderLinesShape = {
  lines: number;
  orders: number;
  customers: number;
  products: number;
  /** Share of lines on cancellation invoices. */
  cancelShare: number;
  /** Share of lines without a customer. */
  guestShare: number;
  seed: number;
};

export const ISSUE_SHAPE: OrderLinesShape = {
  lines: 540_000,
  orders: 26_000,
  customers: 4_400,
  products: 4_000,
  cancelShare: 0.02,
  guestShare: 0.25,
  seed: 10,
};

const WORDS = [
  'WHITE',
  'HANGING',
  'HEART',
  'T-LIGHT',
  'HOLDER',
  'RED',
  'RETROSPOT',
  'CAKE',
  'CASES',
  'LANTERN',
  'VINTAGE',
  'PAPER',
  'CHAIN',
  'KIT',
  'JUMBO',
  'BAG',
  'PINK',
  'POLKADOT',
  'SET',
  'OF',
  '3',
  '6',
  'TEA',
  'TOWEL',
  'GLASS',
  'STAR',
  'FROSTED',
  'ASSORTED',
  'COLOUR',
  'BIRD',
  'ORNAMENT',
  'REGENCY',
  'CUP',
  'SAUCER',
  'LUNCH',
  'BOX',
];

export function writeOrderLines(path: string, shape: OrderLinesShape = ISSUE_SHAPE): { lines: number; bytes: number } {
  const rng = createRng(shape.seed);
  const products = Array.from({ length: shape.products }, (_, i) => {
    const code = `${10000 + ((i * 7919) % 90000)}${i % 5 === 0 ? String.fromCharCode(65 + (i % 26)) : ''}`;
    const words = Array.from({ length: 2 + rng.int(4) }, () => WORDS[rng.int(WORDS.length)]);
    let description = words.join(' ');
    if (i % 97 === 0) description = `"${description}, ${WORDS[rng.int(WORDS.length)]}"`; // a comma inside quotes
    if (i % 211 === 0) description = `"${words[0]} 12"" ${words[1]}"`; // an escaped quote
    const cents = i % 400 === 0 ? 0 : Math.max(1, Math.round(Math.exp(rng.normal() * 0.9 + 0.9) * 100));
    const price = i % 333 === 0 ? `0.${String(1 + rng.int(9)).padStart(3, '0')}` : (cents / 100).toFixed(2);
    return { code, description, price };
  });
  const cancelOrders = Math.round(shape.orders * 0.15);
  const saleOrders = shape.orders - cancelOrders;
  const cancelLines = Math.round(shape.lines * shape.cancelShare);
  const saleLines = shape.lines - cancelLines;
  const split = (total: number, parts: number) => {
    const weights = Array.from({ length: parts }, () => rng.exponential(1) + 0.05);
    const sum = weights.reduce((a, b) => a + b, 0);
    const counts = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
    let left = total - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; left > 0; i = (i + 1) % parts, left--) counts[i]++;
    return counts;
  };
  const saleCounts = split(saleLines, saleOrders);
  const cancelCounts = split(cancelLines, cancelOrders);
  // Invoices in time order over about a year; cancellations interleaved.
  type Invoice = { no: string; lines: number; customer: string; cancel: boolean };
  const invoices: Invoice[] = [];
  let guestLines = 0;
  const targetGuest = shape.lines * shape.guestShare;
  let c = 0;
  for (let s = 0; s < saleOrders; s++) {
    const guest = guestLines < targetGuest && rng.uniform() < shape.guestShare * 1.05;
    if (guest) guestLines += saleCounts[s];
    invoices.push({
      no: '',
      lines: saleCounts[s],
      customer: guest ? '' : customerId(rng.int(shape.customers)),
      cancel: false,
    });
    if (c < cancelOrders && rng.uniform() < cancelOrders / saleOrders)
      invoices.push({ no: '', lines: cancelCounts[c++], customer: customerId(rng.int(shape.customers)), cancel: true });
  }
  for (; c < cancelOrders; c++)
    invoices.push({ no: '', lines: cancelCounts[c], customer: customerId(rng.int(shape.customers)), cancel: true });
  invoices.forEach((inv, i) => {
    inv.no = `${inv.cancel ? 'C' : ''}${536365 + i}`;
  });

  const fd = openSync(path, 'w');
  let bytes = 0;
  let lines = 0;
  let buffer: string[] = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  const flush = () => {
    const text = `${buffer.join('\n')}\n`;
    bytes += writeSync(fd, text);
    buffer = [];
  };
  const start = Date.UTC(2010, 11, 1, 8, 26);
  const span = 373 * 86_400_000;
  invoices.forEach((inv, i) => {
    const at = new Date(start + Math.floor((i / invoices.length) * span));
    const date = `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()} ${at.getUTCHours()}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const country = inv.customer && rng.uniform() < 0.1 ? 'Germany' : 'United Kingdom';
    for (let k = 0; k < inv.lines; k++) {
      const p = products[rng.int(products.length)];
      const qty = 1 + rng.int(24);
      buffer.push(
        `${inv.no},${p.code},${p.description},${inv.cancel ? -qty : qty},${date},${p.price},${inv.customer},${country}`,
      );
      lines++;
    }
    if (buffer.length > 10_000) flush();
  });
  flush();
  closeSync(fd);
  return { lines, bytes };
}

const customerId = (i: number) => `${12346 + i}.0`;
