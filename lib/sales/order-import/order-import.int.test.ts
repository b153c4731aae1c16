import { existsSync, readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import {
  auditLog,
  customerScores,
  customers,
  orderImportLineCounts,
  orderImportRejections,
  orderImports,
  orderItems,
  orders,
  products,
} from '@/db/schema';
import { refreshAnalytics } from '@/lib/analytics/refresh';
import { ANALYTICS_REFRESH_QUEUE } from '@/lib/analytics/refresh-job';
import type { Viewer } from '@/lib/auth/permissions';
import { getBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { createFileImport, orderImportScratch } from '@/lib/testing/order-import';
import { type FilePlanOptions, planFileImport } from './from-file';
import {
  appendUpload,
  cancelOrderImport,
  completeUpload,
  createOrderImport,
  getOrderImport,
  retryOrderImport,
} from './imports';
import { ORDER_IMPORT_QUEUE, resumeOrderImports } from './job';
import { type RunOptions, runOrderImport } from './runner';
import { CreateOrderImportSchema } from './schemas';

setupTestDatabase();

const { writeFile } = orderImportScratch('lodestar-order-import-');

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
/** 23 rows in Online Retail's shape: orders spanning chunk boundaries, a cancellation, guests, a bad row. */
const RETAIL = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom',
  '536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,12/1/2010 8:26,2.75,17850.0,United Kingdom',
  '536365,84029G,"KNITTED UNION FLAG, HOT WATER BOTTLE",6,12/1/2010 8:26,3.39,17850.0,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850.0,United Kingdom',
  '536366,22632,HAND WARMER RED POLKA DOT,6,12/1/2010 8:28,1.85,17850.0,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,14527.0,United Kingdom',
  "536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,12/1/2010 8:34,2.10,14527.0,United Kingdom",
  "536367,22748,POPPY'S PLAYHOUSE KITCHEN,6,12/1/2010 8:34,2.10,14527.0,United Kingdom",
  '536368,22960,JAM MAKING SET WITH JARS,6,12/1/2010 8:34,4.25,,United Kingdom',
  '536368,22913,RED COAT RACK PARIS FASHION,3,12/1/2010 8:34,4.95,,United Kingdom',
  'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527.0,United Kingdom',
  'C536383,35004C,SET OF 3 COLOURED FLYING DUCKS,-1,12/1/2010 9:49,4.65,17850.0,United Kingdom',
  '536369,21756,BATH BUILDING BLOCK WORD,3,12/1/2010 8:35,5.95,13047.0,United Kingdom',
  '536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,12583.0,France',
  '536370,22727,ALARM CLOCK BAKELIKE RED,24,12/1/2010 8:45,3.75,12583.0,France',
  '536370,22726,ALARM CLOCK BAKELIKE GREEN,12,12/1/2010 8:45,3.75,12583.0,France',
  "536371,22086,PAPER CHAIN KIT 50'S CHRISTMAS,80,12/1/2010 9:00,2.55,13748.0,United Kingdom",
  '536372,22632,HAND WARMER RED POLKA DOT,6,12/1/2010 9:01,1.85,17850.0,United Kingdom',
  '536373,21730,GLASS STAR FROSTED T-LIGHT HOLDER,0,12/1/2010 9:02,4.25,17850.0,United Kingdom',
  '536374,21258,VICTORIAN SEWING BOX LARGE,32,12/1/2010 9:09,10.95,15100.0,United Kingdom',
  '536365,22752,SET 7 BABUSHKA NESTING BOXES,2,12/1/2010 8:26,7.65,17850.0,United Kingdom',
].join('\r\n');

const newImport = (viewer: Viewer, file: string, options: Partial<FilePlanOptions> = {}) =>
  createFileImport(viewer, file, { timeZone: 'Europe/London', dateFormat: 'M/D/YYYY H:mm', ...options });

async function importFile(viewer: Viewer, file: string, options: Partial<FilePlanOptions> = {}, run: RunOptions = {}) {
  const id = await newImport(viewer, file, options);
  const outcome = await runOrderImport(id, { chunkRows: 4, ...run });
  const [job] = await db.select().from(orderImports).where(eq(orderImports.id, id));
  return { id, outcome, job };
}

/** Everything an import writes, by natural keys (no generated ids or times): equal states compare equal. */
async function snapshot(importId?: string) {
  const orderRows = await rows<Record<string, unknown>>(
    db,
    sql`select ${orders.kind} as kind, ${orders.externalId} as ext, ${orders.number} as number, ${customers.externalId} as customer,
               ${orders.status} as status, ${orders.orderedAt} as at, ${orders.currency} as currency, ${orders.total}::text as total,
               (select string_agg(${orderItems.lineNo} || ':' || coalesce(${products.sku}, '-') || ':' || ${orderItems.quantity} || ':' || ${orderItems.unitPrice} || ':' || ${orderItems.lineTotal}, ' ' order by ${orderItems.lineNo})
                  from ${orderItems} left join ${products} on ${products.id} = ${orderItems.productId} where ${orderItems.orderId} = ${orders.id}) as items
        from ${orders} left join ${customers} on ${customers.id} = ${orders.customerId}
        order by ${orders.kind}, ${orders.externalId}`,
  );
  const customerRows = await rows<Record<string, unknown>>(
    db,
    sql`select ${customers.externalId} as ext, ${customers.name} as name, ${customers.country} as country from ${customers} order by 1`,
  );
  const productRows = await rows<Record<string, unknown>>(
    db,
    sql`select ${products.sku} as sku, ${products.name} as name, ${products.unitPrice}::text as price from ${products} order by 1`,
  );
  const report = importId
    ? await rows<Record<string, unknown>>(
        db,
        sql`select ${orderImportRejections.row} as row, ${orderImportRejections.skipped} as skipped, ${orderImportRejections.reasons} as reasons, ${orderImportRejections.cells} as cells
            from ${orderImportRejections} where ${orderImportRejections.importId} = ${importId} order by 1`,
      )
    : [];
  return { orders: orderRows, customers: customerRows, products: productRows, report };
}

async function resetOrders() {
  await db.delete(orderItems);
  await db.delete(orders);
  await db.delete(products);
  await db.delete(customers).where(sql`${customers.externalId} not in ('17850', '14527.0')`);
}

let manager: Viewer;
let repA: Viewer;
let repB: Viewer;

beforeAll(async () => {
  manager = await createTestUser('manager');
  repA = await createTestUser('sales_rep');
  repB = await createTestUser('sales_rep');
  // 14527 was imported earlier as a float ("14527.0"): the file's 14527.0 still finds it.
  await db.insert(customers).values([
    { kind: 'company', name: 'Alpha Gifts', externalId: '17850', ownerId: repA.userId },
    { kind: 'company', name: 'Beta Home', externalId: '14527.0', ownerId: repB.userId },
  ]);
});

describe('importing an Online Retail export', () => {
  it('groups lines into orders with items, cancellations into returns that net revenue, and reports the rest', async () => {
    await resetOrders();
    const { id, outcome, job } = await importFile(manager, writeFile(RETAIL));
    expect(outcome).toBe('done');
    expect(job.status).toBe('done');
    expect(job.counts).toEqual({
      rowsRead: 22,
      // 536365 ×5, 536366 ×2, 536367 ×3, 536372, C536379, C536383
      linesCreated: 13,
      linesUpdated: 0,
      linesUnchanged: 0,
      rowsRejected: 7, // 6 rows naming customers the CRM has not, 1 with quantity 0
      guestRows: 2,
      guestRowsSkipped: 2,
      ordersCreated: 4,
      returnsCreated: 2,
      customersCreated: 0,
      productsCreated: 12,
    });
    const { orders: written } = await snapshot();
    expect(written.map((o) => [o.kind, o.ext, o.number, o.customer, o.total])).toEqual([
      // 15.30 + 20.34 + 22.00 + 20.34, and 15.30 for its 5th line, the file's last row (a later chunk)
      ['sale', '536365', 'IMP-536365', '17850', '93.28'],
      ['sale', '536366', 'IMP-536366', '17850', '22.20'],
      ['sale', '536367', 'IMP-536367', '14527.0', '79.28'], // 54.08 + 12.60 + 12.60
      ['sale', '536372', 'IMP-536372', '17850', '11.10'],
      ['return', 'C536379', 'RET-C536379', '14527.0', '-27.50'],
      ['return', 'C536383', 'RET-C536383', '17850', '-4.65'],
    ]);
    expect(written[0].items).toBe(
      '1:85123A:6.00:2.55:15.30 2:71053:6.00:3.39:20.34 3:84406B:8.00:2.75:22.00 4:84029G:6.00:3.39:20.34 5:22752:2.00:7.65:15.30',
    );
    expect(written[5].items).toBe('1:35004C:-1.00:4.65:-4.65');
    // Dates are wall times in the company zone: 1 December is winter in London (UTC).
    expect(new Date(written[0].at as string).toISOString()).toBe('2010-12-01T08:26:00.000Z');

    // Revenue net of returns per customer: what the analytics loader sums.
    const net = await rows<{ ext: string; sales: number; net: string }>(
      db,
      sql`select ${customers.externalId} as ext, count(*) filter (where ${orders.kind} = 'sale')::int as sales, sum(${orders.total})::text as net
          from ${orders} join ${customers} on ${customers.id} = ${orders.customerId}
          where ${orders.status} not in ('cancelled', 'refunded') group by 1 order by 1`,
    );
    expect(net).toEqual([
      { ext: '14527.0', sales: 1, net: '51.78' }, // 79.28 − 27.50
      { ext: '17850', sales: 3, net: '121.93' }, // 93.28 + 22.20 + 11.10 − 4.65
    ]);

    const { report } = await snapshot(id);
    expect(
      report.map((r) => [r.row, r.skipped, (r.reasons as { reason: string }[]).map((e) => e.reason).join()]),
    ).toEqual([
      [11, true, 'noCustomer'],
      [12, true, 'noCustomer'],
      [15, false, 'customerNotFound'],
      [16, false, 'customerNotFound'],
      [17, false, 'customerNotFound'],
      [18, false, 'customerNotFound'],
      [19, false, 'customerNotFound'],
      [21, false, 'zeroQuantity'],
      [22, false, 'customerNotFound'],
    ]);
    expect(report[0].cells).toEqual([
      '536368',
      '22960',
      'JAM MAKING SET WITH JARS',
      '6',
      '12/1/2010 8:34',
      '4.25',
      '',
      'United Kingdom',
    ]);
    // The line numbers reached are dropped once the import is done.
    expect(await db.select().from(orderImportLineCounts).where(eq(orderImportLineCounts.importId, id))).toEqual([]);
  });

  it('re-running the same file changes nothing (and queues no analytics refresh, where the first run did)', async () => {
    await resetOrders();
    const file = writeFile(RETAIL);
    const boss = await getBoss();
    await boss.purgeQueue(ANALYTICS_REFRESH_QUEUE);
    await importFile(manager, file);
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(1);
    await boss.purgeQueue(ANALYTICS_REFRESH_QUEUE);
    const before = await snapshot();
    const audits = (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0].n;
    const again = await importFile(manager, file);
    expect(again.outcome).toBe('done');
    expect(again.job.counts).toMatchObject({
      linesCreated: 0,
      linesUpdated: 0,
      linesUnchanged: 13,
      ordersCreated: 0,
      returnsCreated: 0,
      productsCreated: 0,
    });
    expect(await snapshot()).toEqual(before);
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(0);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0].n).toBeGreaterThan(audits); // the run itself is audited
  });

  it('a corrected price in a later export updates that line and its order total, nothing else', async () => {
    await resetOrders();
    await importFile(manager, writeFile(RETAIL));
    const fixed = RETAIL.replace(
      '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85',
      '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.95',
    );
    const { job } = await importFile(manager, writeFile(fixed));
    expect(job.counts).toMatchObject({ linesCreated: 0, linesUpdated: 1, linesUnchanged: 12 });
    const [o] = await db.select({ total: orders.total }).from(orders).where(eq(orders.externalId, '536366'));
    expect(o.total).toBe('22.80'); // 6 × 1.95 + 6 × 1.85
  });

  it('creates the customers the file names when asked, owned by the importer, each with an audit row', async () => {
    await resetOrders();
    const { job, id } = await importFile(manager, writeFile(RETAIL), { createCustomers: true });
    expect(job.counts).toMatchObject({ customersCreated: 4, rowsRejected: 1, guestRowsSkipped: 2, linesCreated: 19 });
    const created = await db
      .select({ ext: customers.externalId, name: customers.name, country: customers.country, owner: customers.ownerId })
      .from(customers)
      .where(sql`${customers.externalId} in ('13047', '12583', '13748', '15100')`)
      .orderBy(customers.externalId);
    expect(created).toEqual([
      { ext: '12583', name: 'Customer 12583', country: 'FR', owner: manager.userId },
      { ext: '13047', name: 'Customer 13047', country: 'GB', owner: manager.userId },
      { ext: '13748', name: 'Customer 13748', country: 'GB', owner: manager.userId },
      { ext: '15100', name: 'Customer 15100', country: 'GB', owner: manager.userId },
    ]);
    const audits = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(sql`${auditLog.entity} = 'customer' and ${auditLog.diff}->>'orderImport' = ${id}`);
    expect(audits).toHaveLength(4);
  });

  it('imports guest rows as guest orders when asked: no customer, so customer analytics leaves them out', async () => {
    await resetOrders();
    const { job } = await importFile(manager, writeFile(RETAIL), { guestOrders: true });
    expect(job.counts).toMatchObject({ guestRows: 2, guestRowsSkipped: 0, ordersCreated: 5 });
    const [guest] = await db.select().from(orders).where(eq(orders.externalId, '536368'));
    expect(guest).toMatchObject({ customerId: null, kind: 'sale', total: '40.35', ownerId: manager.userId }); // 25.50 + 14.85
  });
});

describe('what analytics reads', () => {
  it('the analytics refresh nets returns against purchases and leaves guest orders out', async () => {
    await resetOrders();
    // 30 customers buying on 3 days each (analytics needs a few to fit its models); customer 20001
    // returns part of its last purchase; a guest order on top.
    const rowsOut = [HEADER];
    for (let c = 1; c <= 30; c++)
      for (const [d, day] of [1, 5 + (c % 3), 9 + (c % 5)].entries())
        rowsOut.push(
          `${c * 10 + d},SKU-${d},THING ${d},${(c % 4) + 1},12/${day}/2010 10:00,${(5 + c + d).toFixed(2)},${20000 + c}.0,UK`,
        );
    rowsOut.push(
      'C999,SKU-2,THING 2,-1,12/20/2010 10:00,8.00,20001.0,UK',
      '998,SKU-1,THING 1,3,12/20/2010 11:00,9.99,,UK',
    );
    const { job } = await importFile(manager, writeFile(rowsOut.join('\n')), {
      createCustomers: true,
      guestOrders: true,
    });
    expect(job.counts).toMatchObject({ rowsRejected: 0, returnsCreated: 1, guestRows: 1 });
    const result = await refreshAnalytics({ trigger: 'manual', asOf: '2010-12-31' });
    if (!result.ok) throw new Error(result.reason === 'failed' ? result.error : result.reason);
    const scores = new Map(
      (
        await rows<{ ext: string; frequency: number; monetary: string }>(
          db,
          sql`select ${customers.externalId} as ext, ${customerScores.frequency} as frequency, ${customerScores.monetary}::text as monetary
              from ${customerScores} join ${customers} on ${customers.id} = ${customerScores.customerId}
              where ${customerScores.runId} = ${result.runId}`,
        )
      ).map((r) => [r.ext, r]),
    );
    // 20001: 2 × 6.00 + 2 × 7.00 + 2 × 8.00 = 42.00, less the return of 8.00 = 34.00; still 3 purchase days.
    expect(scores.get('20001')?.monetary).toBe('34.00');
    expect(scores.get('20001')?.frequency).toBe(scores.get('20002')?.frequency);
    expect(scores.size).toBe(30); // the customers with orders; the guest order is nobody's
  });
});

describe('roles', () => {
  it('a rep imports only rows of customers they own; the others are rejected with the reason', async () => {
    await resetOrders();
    const { job, id } = await importFile(repA, writeFile(RETAIL));
    expect(job.status).toBe('done');
    const written = await db.select({ ext: orders.externalId }).from(orders).orderBy(orders.externalId);
    expect(written.map((o) => o.ext)).toEqual(['536365', '536366', '536372', 'C536383']);
    const { report } = await snapshot(id);
    const notYours = report.filter((r) => (r.reasons as { reason: string }[])[0].reason === 'customerNotYours');
    expect(notYours.map((r) => r.row)).toEqual([8, 9, 10, 13]); // 14527 belongs to another rep
  });

  it('a rep may not import guest orders; reps of other imports do not see them', async () => {
    const file = writeFile(RETAIL);
    const plan = await planFileImport(file, { timeZone: 'UTC', dateFormat: 'M/D/YYYY H:mm', guestOrders: true });
    if (!plan.ok) throw new Error(plan.problem);
    expect(
      await createOrderImport(repA, CreateOrderImportSchema.parse(plan.input), { path: file, queue: false }),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    const id = await newImport(repA, file);
    expect(await getOrderImport(repB, id)).toBeNull();
    expect((await getOrderImport(manager, id))?.fileName).toMatch(/orders-\d+\.csv/);
    expect(await cancelOrderImport(repB, id)).toEqual({ ok: false, reason: 'notFound' });
    const agent = await createTestUser('service_agent');
    expect(await getOrderImport(agent, id)).toBeNull();
    const marketer = await createTestUser('marketer');
    const plain = await planFileImport(file, { timeZone: 'UTC', dateFormat: 'M/D/YYYY H:mm' });
    if (!plain.ok) throw new Error(plain.problem);
    expect(
      await createOrderImport(marketer, CreateOrderImportSchema.parse(plain.input), { path: file, queue: false }),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });
});

describe('stopping and resuming', () => {
  it('an import stopped in its 2nd chunk (rolled back) resumes to the state of an uninterrupted run', async () => {
    await resetOrders();
    const file = writeFile(RETAIL);
    const straight = await importFile(manager, file, { createCustomers: true });
    const expected = await snapshot(straight.id);

    await resetOrders();
    const id = await newImport(manager, file, { createCustomers: true });
    const controller = new AbortController();
    const stopped = await runOrderImport(id, {
      chunkRows: 4,
      signal: controller.signal,
      beforeCommit: (chunk) => {
        if (chunk === 2) controller.abort(new Error('stop'));
      },
    });
    expect(stopped).toBe('interrupted');
    const [halfway] = await db.select().from(orderImports).where(eq(orderImports.id, id));
    // Chunk 1 (the header and rows 2–4) committed; chunk 2 was rolled back.
    expect(halfway).toMatchObject({ status: 'running', rowsDone: 4, leaseToken: null });
    expect(halfway.counts.rowsRead).toBe(3);

    // A worker that died holding the lease: nobody else runs the import until the lease expires.
    await db
      .update(orderImports)
      .set({ leaseToken: crypto.randomUUID(), leaseUntil: sql`now() + interval '1 hour'` })
      .where(eq(orderImports.id, id));
    expect(await runOrderImport(id, { chunkRows: 4 })).toBe('busy');
    await db.update(orderImports).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(orderImports.id, id));
    expect(await runOrderImport(id, { chunkRows: 4 })).toBe('done');

    const [done] = await db.select().from(orderImports).where(eq(orderImports.id, id));
    expect(done.counts).toEqual(straight.job.counts);
    const resumed = await snapshot(id);
    expect(resumed).toEqual(expected);
  });

  it('a cancel stops the run after the chunk being written; a failed import can be retried from its checkpoint', async () => {
    await resetOrders();
    const file = writeFile(RETAIL);
    const id = await newImport(manager, file);
    let chunks = 0;
    const outcome = await runOrderImport(id, {
      chunkRows: 4,
      onChunk: async () => {
        if (++chunks === 1) expect(await cancelOrderImport(manager, id)).toEqual({ ok: true });
      },
    });
    // Cancelled while chunk 1 was done: the worker wrote chunk 2 (it was under way) and stopped.
    expect(outcome).toBe('cancelled');
    const [cancelled] = await db.select().from(orderImports).where(eq(orderImports.id, id));
    expect(cancelled).toMatchObject({ status: 'cancelled', rowsDone: 8 });

    const other = await newImport(manager, writeFile(RETAIL.replace(HEADER, 'X,Y')), {
      map: ['X=orderNo', 'Y=customerId'],
    }).catch((e: Error) => e.message);
    expect(other).toMatch(/not mapped/);

    const failing = await newImport(manager, file);
    await db
      .update(orderImports)
      .set({ filePath: `${file}.missing` })
      .where(eq(orderImports.id, failing));
    expect(await runOrderImport(failing)).toBe('failed');
    expect((await getOrderImport(manager, failing))?.error).toBe('fileMissing');
    await db.update(orderImports).set({ filePath: file }).where(eq(orderImports.id, failing));
    expect(await retryOrderImport(manager, failing)).toEqual({ ok: true });
    expect(await runOrderImport(failing, { chunkRows: 4 })).toBe('done');
  });
});

describe('after a restart', () => {
  it('every unfinished import is queued again at start-up; finished ones are not', async () => {
    const boss = await getBoss();
    await boss.purgeQueue(ORDER_IMPORT_QUEUE).catch(() => {});
    await db.update(orderImports).set({ status: 'done' }).where(sql`${orderImports.status} <> 'done'`);
    const waiting = await newImport(manager, writeFile(RETAIL));
    const running = await newImport(manager, writeFile(RETAIL));
    await db.update(orderImports).set({ status: 'running', rowsDone: 4 }).where(eq(orderImports.id, running));
    expect(await resumeOrderImports()).toBe(2);
    expect(await boss.getQueueSize(ORDER_IMPORT_QUEUE)).toBe(2);
    for (const id of [waiting, running]) expect(await cancelOrderImport(manager, id)).toEqual({ ok: true });
    await boss.purgeQueue(ORDER_IMPORT_QUEUE);
  });
});

describe('uploading from the browser', () => {
  it('takes the file in parts at their offsets, resumes after a lost part, then queues the import', async () => {
    await resetOrders();
    const bytes = new TextEncoder().encode(RETAIL);
    const plan = await planFileImport(writeFile(RETAIL), { timeZone: 'Europe/London', dateFormat: 'M/D/YYYY H:mm' });
    if (!plan.ok) throw new Error(plan.problem);
    const created = await createOrderImport(manager, CreateOrderImportSchema.parse(plan.input));
    if (!created.ok) throw new Error(created.reason);
    const { id } = created;
    expect((await getOrderImport(manager, id))?.status).toBe('uploading');

    expect(await appendUpload(manager, id, 0, bytes.subarray(0, 700))).toEqual({ ok: true, received: 700 });
    // The same part again (a retried request) or a part past the end of what the server holds: refused with its size.
    expect(await appendUpload(manager, id, 0, bytes.subarray(0, 700))).toEqual({
      ok: false,
      reason: 'stale',
      received: 700,
    });
    expect(await appendUpload(manager, id, 1400, bytes.subarray(1400))).toEqual({
      ok: false,
      reason: 'stale',
      received: 700,
    });
    expect(await appendUpload(repB, id, 700, bytes.subarray(700))).toEqual({ ok: false, reason: 'notFound' });
    expect(await completeUpload(manager, id)).toEqual({ ok: false, reason: 'invalid' }); // not all there yet
    expect(await appendUpload(manager, id, 700, new Uint8Array(bytes.length))).toEqual({
      ok: false,
      reason: 'invalid',
    }); // past the size
    expect(await appendUpload(manager, id, 700, bytes.subarray(700))).toEqual({ ok: true, received: bytes.length });
    expect(await completeUpload(manager, id)).toEqual({ ok: true });
    const [queued] = await db.select().from(orderImports).where(eq(orderImports.id, id));
    expect(queued.status).toBe('queued');
    expect(readFileSync(queued.filePath, 'utf8')).toBe(RETAIL);

    expect(await runOrderImport(id, { chunkRows: 4 })).toBe('done');
    expect((await getOrderImport(manager, id))?.counts.linesCreated).toBe(13);
    expect(existsSync(queued.filePath)).toBe(false); // an uploaded file is deleted once imported
  });
});
