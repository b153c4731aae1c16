import { existsSync } from 'node:fs';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers, orderImportRejections, orderImports, orders } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { createFileImport, orderImportScratch } from '@/lib/testing/order-import';
import { cancelAbandonedUploads } from './abandoned';
import { planFileImport } from './from-file';
import { appendUpload, cancelOrderImport, createOrderImport, orderImportReport, retryOrderImport } from './imports';
import { runOrderImport } from './runner';
import { CreateOrderImportSchema } from './schemas';

// Crafted files and requests: whatever a file holds, an import finishes with its bad rows in the
// report; nothing fails the whole import, half-writes an order or shows one user another's import.

setupTestDatabase();

const scratch = orderImportScratch('lodestar-order-attacks-');
const writeFile = (content: string | Uint8Array) => scratch.writeFile(content, 'attack');
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

async function run(viewer: Viewer, file: string) {
  const id = await createFileImport(viewer, file, { timeZone: 'UTC', dateFormat: 'YYYY-MM-DD HH:mm' });
  const outcome = await runOrderImport(id, { chunkRows: 3 });
  const [job] = await db.select().from(orderImports).where(eq(orderImports.id, id));
  const report = await db
    .select({ row: orderImportRejections.row, reasons: orderImportRejections.reasons })
    .from(orderImportRejections)
    .where(eq(orderImportRejections.importId, id))
    .orderBy(orderImportRejections.row);
  return { id, outcome, job, report: report.map((r) => [r.row, r.reasons.map((e) => e.reason).join()]) };
}

let manager: Viewer;
let rep: Viewer;
let otherRep: Viewer;

beforeAll(async () => {
  manager = await createTestUser('manager');
  rep = await createTestUser('sales_rep');
  otherRep = await createTestUser('sales_rep');
  await db.insert(customers).values([
    { kind: 'company', name: 'Mine', externalId: '100', ownerId: rep.userId },
    { kind: 'company', name: 'Theirs', externalId: '200', ownerId: otherRep.userId },
  ]);
});

describe('values no column can hold', () => {
  it('a line total, unit price or order total over numeric(14,2) rejects those lines; the import finishes', async () => {
    const file = writeFile(
      [
        HEADER,
        // 10^9 units × 10^6 = 10^15: over the 10^12 a money column holds.
        'A1,S1,Huge,1000000000,2024-01-02 10:00,1000000,100,GB',
        'A2,S2,Fine,1,2024-01-02 10:00,5.00,100,GB',
        // each line fits; together over 10^12.
        'A3,S3,Big,10,2024-01-02 10:00,60000000000,100,GB',
        'A3,S4,Big,10,2024-01-02 10:00,60000000000,100,GB',
        'A3,S5,Small,1,2024-01-02 10:00,1.00,100,GB',
        // the same order continued in the next chunk, past the limit again.
        'A3,S6,Big,10,2024-01-02 10:00,60000000000,100,GB',
        '123456789012345678901234567890,S7,Long qty,123456789012345678901234567890,2024-01-02 10:00,1,100,GB',
      ].join('\n'),
    );
    const { outcome, job, report } = await run(manager, file);
    expect(outcome).toBe('done');
    expect(job.status).toBe('done');
    expect(report).toEqual([
      [2, 'tooLarge'],
      [5, 'orderTooLarge'],
      [7, 'orderTooLarge'],
      [8, 'tooLarge'],
    ]);
    const written = await db.select({ ext: orders.externalId, total: orders.total }).from(orders);
    expect(Object.fromEntries(written.map((o) => [o.ext, o.total]))).toEqual({
      A2: '5.00',
      A3: '600000000001.00',
    });
  });

  it('a file of UTF-16 sent as UTF-8 (NUL bytes in every cell) is rejected row by row, not failed', async () => {
    const text = `${HEADER}\nB1,S1,Thing,1,2024-01-02 10:00,1.00,100,GB\n`;
    const utf16 = Buffer.from(text, 'utf16le');
    const plan = await planFileImport(writeFile(text), { timeZone: 'UTC', dateFormat: 'YYYY-MM-DD HH:mm' });
    if (!plan.ok) throw new Error(plan.problem);
    // The browser refuses UTF-16; a crafted request declares UTF-8 and uploads it anyway.
    const created = await createOrderImport(manager, { ...plan.input, fileSize: utf16.byteLength });
    if (!created.ok) throw new Error(created.reason);
    expect(await appendUpload(manager, created.id, 0, new Uint8Array(utf16))).toMatchObject({ ok: true });
    await db.update(orderImports).set({ status: 'queued' }).where(eq(orderImports.id, created.id));
    expect(await runOrderImport(created.id, { chunkRows: 3 })).toBe('done');
    const report = await db
      .select({ reasons: orderImportRejections.reasons, cells: orderImportRejections.cells })
      .from(orderImportRejections)
      .where(eq(orderImportRejections.importId, created.id));
    expect(report.length).toBeGreaterThan(0);
    expect(report.every((r) => r.reasons.some((e) => e.reason === 'invalidCharacters'))).toBe(true);
    expect(report.every((r) => r.cells.every((c) => !c.includes('\u0000')))).toBe(true);
  });

  it('absurd dates, negative prices, formulas, semicolons and quoted line breaks', async () => {
    const file = writeFile(
      [
        'InvoiceNo;StockCode;Description;Quantity;InvoiceDate;UnitPrice;CustomerID;Country',
        'D1;S1;"two\nlines";1;2024-01-02 10:00;1,00;100;GB',
        'D2;S1;x;1;9999-01-02 10:00;1,00;100;GB',
        'D3;S1;x;1;2024-02-30 10:00;1,00;100;GB',
        'D4;S1;x;1;2024-01-02 10:00;-3,00;100;GB',
        "D5;S1;=cmd|' /C calc'!A0;1;2024-01-02 10:00;1,00;100;GB",
      ].join('\r\n'),
    );
    const plan = await planFileImport(file, { timeZone: 'UTC', dateFormat: 'YYYY-MM-DD HH:mm', decimal: ',' });
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.input.delimiter).toBe(';');
    const created = await createOrderImport(manager, CreateOrderImportSchema.parse(plan.input), {
      path: file,
      queue: false,
    });
    if (!created.ok) throw new Error(created.reason);
    expect(await runOrderImport(created.id, { chunkRows: 2 })).toBe('done');
    const report = await db
      .select({ row: orderImportRejections.row, reasons: orderImportRejections.reasons })
      .from(orderImportRejections)
      .where(eq(orderImportRejections.importId, created.id))
      .orderBy(orderImportRejections.row);
    expect(report.map((r) => [r.row, r.reasons.map((e) => e.reason).join()])).toEqual([
      [3, 'date'],
      [4, 'date'],
      [5, 'negativePrice'],
      [6, 'formula'],
    ]);
    const [d1] = await db.select({ total: orders.total }).from(orders).where(eq(orders.externalId, 'D1'));
    expect(d1.total).toBe('1.00');
  });
});

describe('disk space', () => {
  it('a user may leave at most 3 uploads unfinished: a 4th is refused until one is finished or cancelled', async () => {
    const user = await createTestUser('sales_rep');
    const file = writeFile([HEADER, 'F1,S1,x,1,2024-01-02 10:00,1.00,100,GB'].join('\n'));
    const plan = await planFileImport(file, { timeZone: 'UTC', dateFormat: 'YYYY-MM-DD HH:mm' });
    if (!plan.ok) throw new Error(plan.problem);
    const input = CreateOrderImportSchema.parse({ ...plan.input, fileSize: 200 * 1024 * 1024 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await createOrderImport(user, input);
      if (!created.ok) throw new Error(created.reason);
      ids.push(created.id);
    }
    expect(await createOrderImport(user, input)).toEqual({ ok: false, reason: 'tooManyUploads' });
    // Others are not held up by this user's uploads; the CLI (a file on the server's disk) is not capped.
    expect((await createOrderImport(manager, input)).ok).toBe(true);
    expect((await createOrderImport(user, plan.input, { path: file, queue: false })).ok).toBe(true);
    expect(await cancelOrderImport(user, ids[0])).toEqual({ ok: true });
    expect((await createOrderImport(user, input)).ok).toBe(true);
  });
  it('an upload nobody continued for 7 days is cancelled and its file removed; a recent one stays', async () => {
    const user = await createTestUser('sales_rep');
    const file = writeFile([HEADER, 'G1,S1,x,1,2024-01-02 10:00,1.00,100,GB'].join('\n'));
    const plan = await planFileImport(file, { timeZone: 'UTC', dateFormat: 'YYYY-MM-DD HH:mm' });
    if (!plan.ok) throw new Error(plan.problem);
    const old = await createOrderImport(user, plan.input);
    const recent = await createOrderImport(user, plan.input);
    if (!old.ok || !recent.ok) throw new Error('not created');
    expect(await appendUpload(user, old.id, 0, new Uint8Array([73]))).toMatchObject({ ok: true });
    await db.update(orderImports).set({ updatedAt: sql`now() - interval '8 days'` }).where(eq(orderImports.id, old.id));
    const [{ filePath }] = await db
      .select({ filePath: orderImports.filePath })
      .from(orderImports)
      .where(eq(orderImports.id, old.id));
    expect(existsSync(filePath)).toBe(true);
    expect(await cancelAbandonedUploads()).toBe(1);
    const states = await db
      .select({ id: orderImports.id, status: orderImports.status })
      .from(orderImports)
      .where(inArray(orderImports.id, [old.id, recent.id]));
    expect(Object.fromEntries(states.map((r) => [r.id, r.status]))).toEqual({
      [old.id]: 'cancelled',
      [recent.id]: 'uploading',
    });
    expect(existsSync(filePath)).toBe(false);
    expect(await cancelAbandonedUploads()).toBe(0);
  });
});

describe('other people’s imports', () => {
  it('a rep cannot attach lines to another rep’s customer or order, nor read, retry or upload to their import', async () => {
    const mine = await run(otherRep, writeFile([HEADER, 'E1,S1,x,1,2024-01-02 10:00,1.00,200,GB'].join('\n')));
    expect(mine.report).toEqual([]);
    const attack = await run(
      rep,
      writeFile(
        [
          HEADER,
          'E1,S2,added to their order,1,2024-01-02 10:00,1.00,100,GB',
          'E2,S2,their customer,1,2024-01-02 10:00,1.00,200,GB',
          'E1,S2,no customer named,1,2024-01-02 10:00,1.00,,GB',
        ].join('\n'),
      ),
    );
    expect(attack.outcome).toBe('done');
    expect(attack.report.map(([row]) => row)).toEqual([2, 3, 4]);
    const e1 = await db.select({ customer: orders.customerId }).from(orders).where(eq(orders.externalId, 'E1'));
    expect(e1).toHaveLength(1);
    expect(await db.select().from(orders).where(eq(orders.externalId, 'E2'))).toEqual([]);
    expect(await orderImportReport(rep, mine.id)).toBeNull();
    expect(await retryOrderImport(rep, mine.id)).toEqual({ ok: false, reason: 'notFound' });
    expect(await appendUpload(rep, mine.id, 0, new Uint8Array([65]))).toMatchObject({ ok: false, reason: 'notFound' });
  });
});
