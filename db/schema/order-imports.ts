import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns';
import { orderImportStatusEnum } from './enums';
import { users } from './users';

/** How a file's columns map to order-line fields, and how its values are read (lib/sales/order-import/fields.ts). */
export type OrderImportSettings = {
  /** Field → 0-based column of the file. */
  mapping: Record<string, number>;
  preset: string | null;
  dateFormat: string;
  timeZone: string;
  decimal: '.' | ',';
  /** Order numbers starting with it are cancellations (Online Retail: "C"); '' for none. */
  cancelPrefix: string;
  /** Create customers the file names but the CRM has not (else their rows are rejected). */
  createCustomers: boolean;
  /** Import rows without a customer as guest orders (else they are skipped and reported). */
  guestOrders: boolean;
  currency: string;
};

export type OrderImportCounts = {
  rowsRead: number;
  linesCreated: number;
  linesUpdated: number;
  linesUnchanged: number;
  rowsRejected: number;
  guestRows: number;
  guestRowsSkipped: number;
  ordersCreated: number;
  returnsCreated: number;
  customersCreated: number;
  productsCreated: number;
};

/**
 * The order the last row read belonged to, carried from one chunk to the next: a line that leaves
 * order-level cells empty takes them from its order's earlier line (Shopify writes them once).
 */
export type OrderImportCarry = {
  orderNo: string;
  /** That earlier line was rejected, so lines relying on it are too. */
  rejected: boolean;
  orderedAt: string | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  currency: string | null;
  country: string | null;
  status: string | null;
} | null;

/**
 * One order-line import: the file (on the server's disk, IMPORT_DIR), how to read it, and a
 * checkpoint. A job processes it chunk by chunk; each chunk's rows, the counts and the checkpoint
 * (`byte_offset`, `rows_done`) commit in one transaction, so a restarted server continues exactly
 * where the last commit left off. `lease_*` says which worker runs it (a lease a dead worker
 * stops renewing expires).
 */
export const orderImports = pgTable(
  'order_imports',
  {
    id: id(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** 'upload' (the browser sent the file; it is deleted when the import ends) or 'cli' (a file of the server's). */
    source: varchar('source', { length: 10 }).notNull(),
    fileName: varchar('file_name', { length: 255 }).notNull(),
    filePath: text('file_path').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    bytesReceived: bigint('bytes_received', { mode: 'number' }).notNull().default(0),
    encoding: varchar('encoding', { length: 20 }).notNull().default('utf-8'),
    delimiter: varchar('delimiter', { length: 1 }).notNull().default(','),
    headers: jsonb('headers').$type<string[]>().notNull(),
    settings: jsonb('settings').$type<OrderImportSettings>().notNull(),
    status: orderImportStatusEnum('status').notNull(),
    /** The checkpoint: the next byte to read and the rows (records, the header included) read before it. */
    byteOffset: bigint('byte_offset', { mode: 'number' }).notNull().default(0),
    rowsDone: integer('rows_done').notNull().default(0),
    carry: jsonb('carry').$type<OrderImportCarry>(),
    counts: jsonb('counts').$type<OrderImportCounts>().notNull(),
    /** Recent speed, for "rows/s" and "time left". */
    rowsPerSecond: real('rows_per_second'),
    bytesPerSecond: real('bytes_per_second'),
    error: text('error'),
    leaseToken: uuid('lease_token'),
    leaseUntil: ts('lease_until'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('order_imports_created_idx').on(t.createdAt),
    index('order_imports_unfinished_idx').on(t.status).where(sql`${t.status} in ('queued', 'running', 'cancelling')`),
    check('order_imports_bytes_ck', sql`${t.bytesReceived} between 0 and ${t.fileSize} and ${t.byteOffset} >= 0`),
  ],
);

/** A row an import rejected or skipped, with its reasons and its cells (the downloadable report). */
export const orderImportRejections = pgTable(
  'order_import_rejections',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => orderImports.id, { onDelete: 'cascade' }),
    /** The record's row in the file (the header is row 1). */
    row: integer('row').notNull(),
    /** Skipped (a guest row, by choice) rather than rejected (something is wrong with it). */
    skipped: boolean('skipped').notNull().default(false),
    /** [{ field, reason }], reason a key of "orderImport.reasons". */
    reasons: jsonb('reasons').$type<{ field: string; reason: string }[]>().notNull(),
    cells: text('cells').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.row] })],
);

/**
 * How many lines of each order number an import has read so far: a line's number within its
 * order (order_items.line_no) is one more, wherever in the file it comes. Kept with the
 * checkpoint so a resumed import numbers lines as an uninterrupted one; deleted when it ends.
 */
export const orderImportLineCounts = pgTable(
  'order_import_line_counts',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => orderImports.id, { onDelete: 'cascade' }),
    orderNo: varchar('order_no', { length: 100 }).notNull(),
    lines: integer('lines').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.orderNo] })],
);
