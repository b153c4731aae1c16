import { readFileSync } from 'node:fs';
import { parseCsv } from '../csv';
import type { Transaction } from '../summary';

/** The rfm 0.3.0 reference orders (fixtures/rfm) as transactions. */
export function loadRfmFixture(): Transaction[] {
  const text = readFileSync(new URL('../fixtures/rfm/rfm_data_orders.csv', import.meta.url), 'utf8');
  const [header, ...rows] = parseCsv(text);
  const [id, date, revenue] = ['customer_id', 'order_date', 'revenue'].map((c) => header.indexOf(c));
  return rows.map((r) => ({ customerId: r[id], date: r[date], amount: Number(r[revenue]) }));
}

export const RFM_FIXTURE_CSV = new URL('../fixtures/rfm/rfm_data_orders.csv', import.meta.url);
