import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/analytics/csv';
import type { OrderImportCarry } from '@/db/schema/order-imports';
import { assemble, orderTotals, type PreparedLine, parseRecords } from './assemble';
import { detectPreset, type Mapping, mappingProblems, suggestMapping } from './fields';
import { readHead } from './head';
import { countryCode, lineReader, type ReadSettings } from './lines';
import { describer, reportHeader, reportRecord } from './report';
import { formatScaled } from './values';

const ONLINE_RETAIL = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom',
  '536366,22633,"HAND WARMER UNION JACK, RED",6,12/1/2010 8:28,1.85,17850.0,United Kingdom',
  'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527.0,United Kingdom',
  '536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:41,1.45,,United Kingdom',
];

/** A hand-made file through the browser's head reader and the import's pure steps (no database). */
function run(
  text: string,
  overrides: Partial<ReadSettings> = {},
  carry: OrderImportCarry = null,
  counts = new Map<string, number>(),
) {
  const bytes = new TextEncoder().encode(text);
  const head = readHead(bytes, true);
  if (!head.ok) throw new Error(head.problem);
  const preset = detectPreset(head.headers);
  const mapping = overrides.mapping ?? suggestMapping(head.headers, preset);
  const settings: ReadSettings = {
    mapping,
    dateFormat: 'M/D/YYYY H:mm',
    timeZone: 'Europe/London',
    decimal: '.',
    cancelPrefix: preset === 'online-retail' ? 'C' : '',
    ...overrides,
  };
  const records = parseCsv(text.replace(/^\uFEFF/, ''), { delimiter: head.delimiter })
    .map((cells, i) => ({ row: i + 1, cells }))
    .slice(1);
  const { parsed, rowsRead } = parseRecords(records, lineReader(settings));
  return { head, preset, mapping, rowsRead, ...assemble(parsed, carry, counts) };
}

const money = (cents: bigint) => formatScaled(cents, 2);
const byOrder = (lines: PreparedLine[]) =>
  lines.map((l) => `${l.kind} ${l.orderNo} #${l.lineNo} ${l.quantity} × ${l.unitPrice} = ${l.lineTotal}`);

describe('grouping lines into orders', () => {
  it('numbers each line within its order number; a cancellation (C prefix) is a return with negative quantities', () => {
    const { lines, rejected, preset } = run(ONLINE_RETAIL.join('\n'));
    expect(preset).toBe('online-retail');
    expect(rejected).toEqual([]);
    expect(byOrder(lines)).toEqual([
      'sale 536365 #1 6.00 × 2.55 = 15.30',
      'sale 536365 #2 6.00 × 3.39 = 20.34',
      'sale 536366 #1 6.00 × 1.85 = 11.10',
      'return C536379 #1 -1.00 × 27.50 = -27.50',
      'sale 536380 #1 24.00 × 1.45 = 34.80',
    ]);
  });

  it('an order number that comes back later in the file (or the next chunk) continues its numbering', () => {
    const counts = new Map<string, number>([['536365', 2]]); // two lines read in an earlier chunk
    const { lines } = run(
      [ONLINE_RETAIL[0], ONLINE_RETAIL[1], ONLINE_RETAIL[3], ONLINE_RETAIL[2]].join('\n'),
      {},
      null,
      counts,
    );
    expect(lines.map((l) => `${l.orderNo} #${l.lineNo}`)).toEqual(['536365 #3', '536366 #1', '536365 #4']);
    expect(counts.get('536365')).toBe(4);
  });

  it('returns net revenue: a sale of 6 × 2.55 and a return of 2 × 2.55 leave 10.20', () => {
    const { lines } = run(
      [
        ONLINE_RETAIL[0],
        '536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
        'C536400,85123A,WHITE HANGING HEART,-2,12/2/2010 10:00,2.55,17850.0,United Kingdom',
        // Some systems write a cancellation's quantity positive: the prefix makes it a return all the same.
        'C536401,85123A,WHITE HANGING HEART,1,12/3/2010 10:00,2.55,17850.0,United Kingdom',
      ].join('\n'),
    );
    const totals = orderTotals(lines);
    expect(money(totals.get('sale:536365')!)).toBe('15.30');
    expect(money(totals.get('return:C536400')!)).toBe('-5.10');
    expect(money(totals.get('return:C536401')!)).toBe('-2.55');
    expect(money([...totals.values()].reduce((a, b) => a + b, 0n))).toBe('7.65'); // 15.30 − 5.10 − 2.55
  });

  it('a negative line on an order without the prefix is a return of that order number', () => {
    const { lines } = run(
      [
        ONLINE_RETAIL[0],
        '536500,22961,JAM SET,3,12/1/2010 9:41,1.45,17850.0,UK',
        '536500,22961,JAM SET,-1,12/1/2010 9:41,1.45,17850.0,UK',
      ].join('\n'),
    );
    expect(byOrder(lines)).toEqual(['sale 536500 #1 3.00 × 1.45 = 4.35', 'return 536500 #2 -1.00 × 1.45 = -1.45']);
  });

  it('Shopify writes order-level cells on the first line only: later lines take them from it', () => {
    const text = [
      'Name,Email,Financial Status,Paid at,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing Country,Refunded Amount',
      '#1001,ana@example.com,partially_refunded,2024-03-05 14:22:10 +0100,EUR,2024-03-05 14:20:00 +0100,2,Mug,"1,250.00",MUG-1,Ana Lima,PT,5.00',
      '#1001,,,,,,1,Spoon,3.50,SP-1,,,',
      '#1002,bo@example.com,refunded,2024-03-06 09:00:00 +0100,EUR,2024-03-06 09:00:00 +0100,1,Mug,12.00,MUG-1,Bo Chen,CN,12.00',
    ].join('\r\n');
    const { lines, rejected, preset } = run(text, { dateFormat: 'YYYY-MM-DD HH:mm:ss Z' });
    expect(preset).toBe('shopify');
    expect(rejected).toEqual([]);
    const [mug, refund, spoon, fullyRefunded] = lines;
    expect(mug).toMatchObject({
      orderNo: '#1001',
      customerEmail: 'ana@example.com',
      currency: 'EUR',
      country: 'PT',
      status: 'paid',
      lineTotal: '2500.00',
    });
    expect(mug.orderedAt?.toISOString()).toBe('2024-03-05T13:20:00.000Z');
    // The second line inherits the order's customer, date and currency.
    expect(spoon).toMatchObject({
      orderNo: '#1001',
      lineNo: 2,
      customerEmail: 'ana@example.com',
      currency: 'EUR',
      lineTotal: '3.50',
    });
    expect(spoon.orderedAt?.toISOString()).toBe('2024-03-05T13:20:00.000Z');
    // The partial refund is a return of 5.00 on the order (line 0); a full refund marks the sale refunded instead.
    expect(refund).toMatchObject({
      kind: 'return',
      orderNo: '#1001',
      lineNo: 0,
      quantity: '-1.00',
      lineTotal: '-5.00',
      sku: null,
    });
    expect(fullyRefunded).toMatchObject({ kind: 'sale', orderNo: '#1002', status: 'refunded' });
    expect(lines).toHaveLength(4);
  });

  it('when the line that carries the order was rejected, the lines relying on it are rejected too', () => {
    const text = [
      'Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku',
      '#1001,not-an-email,2024-03-05 14:20:00,2,Mug,12.00,MUG-1',
      '#1001,,,1,Spoon,3.50,SP-1',
    ].join('\n');
    const { lines, rejected } = run(text, { dateFormat: 'YYYY-MM-DD HH:mm:ss' });
    expect(lines).toEqual([]);
    expect(rejected.map((r) => [r.row, r.reasons])).toEqual([
      [2, [{ field: 'customerEmail', reason: 'email' }]],
      [3, [{ field: 'orderNo', reason: 'orderRejected' }]],
    ]);
  });
});

describe('cells as real exports write them', () => {
  it('float-looking customer ids are the integer ids: "17850.0" is 17850', () => {
    const { lines } = run(ONLINE_RETAIL.join('\n'));
    expect(lines.map((l) => l.customerId)).toEqual(['17850', '17850', '17850', '14527', null]);
  });

  it('a BOM, CRLF line ends, a quoted description with a comma, trailing empty columns and a quoted "1,234.50"', () => {
    const text = `\uFEFF${[
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,,',
      '536365,85123A,"HEART, WHITE",2,12/1/2010 8:26,"1,234.50",17850.0,United Kingdom,,',
      '536365,22633,"12"" RULER",1,12/1/2010 8:26,0.85,17850.0,United Kingdom,,',
      '',
    ].join('\r\n')}`;
    const { head, lines, rejected, rowsRead } = run(text);
    expect(head.ok && head.headers).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(rejected).toEqual([]);
    expect(rowsRead).toBe(2); // the blank last line is not a row
    expect(lines.map((l) => [l.description, l.unitPrice, l.lineTotal])).toEqual([
      ['HEART, WHITE', '1234.50', '2469.00'],
      ['12" RULER', '0.85', '0.85'],
    ]);
  });

  it('countries by name or code; unknown ones are left empty', () => {
    expect(
      ['United Kingdom', 'EIRE', 'gb', 'Germany', '英国', 'RSA', 'European Community', 'Unspecified', ''].map(
        countryCode,
      ),
    ).toEqual(['GB', 'IE', 'GB', 'DE', 'GB', 'ZA', null, null, null]);
  });

  it('rejects with reasons: zero quantity, a negative price (an adjustment), a bad date, a formula, no order number', () => {
    const { rejected, lines } = run(
      [
        ONLINE_RETAIL[0],
        '536365,85123A,HEART,0,12/1/2010 8:26,2.55,17850.0,UK',
        'A563186,B,Adjust bad debt,1,8/12/2011 14:51,-11062.06,,United Kingdom',
        '536367,84879,BIRD,32,13/13/2010 8:34,1.69,13047.0,UK',
        '536368,84880,=HYPERLINK("x"),1,12/1/2010 8:34,1.69,13047.0,UK',
        ',84881,NO NUMBER,1,12/1/2010 8:34,1.69,13047.0,UK',
        '536369,84882,FREE GIFT,1,12/1/2010 8:34,0.00,13047.0,UK',
      ].join('\n'),
    );
    expect(rejected.map((r) => [r.row, r.reasons.map((e) => `${e.field}:${e.reason}`).join(' ')])).toEqual([
      [2, 'quantity:zeroQuantity'],
      [3, 'unitPrice:negativePrice'],
      [4, 'orderedAt:date'],
      [5, 'description:formula'],
      [6, 'orderNo:required'],
    ]);
    // A zero price is a real line (a free item): imported with a total of 0.00.
    expect(lines.map((l) => [l.orderNo, l.lineTotal])).toEqual([['536369', '0.00']]);
  });
});

describe('the rejected-row report', () => {
  it('row, problems in words under the file’s own column names, outcome, then the row’s cells (formulas neutralised)', () => {
    const text = [
      ONLINE_RETAIL[0],
      '536365,85123A,HEART,0,12/1/2010 8:26,2.55,17850.0,UK',
      '536366,85124,"=1+2",-3,12/1/2010 8:26,1.00,17850.0,UK',
    ].join('\n');
    const { rejected, mapping, head } = run(text);
    if (!head.ok) throw new Error('head');
    const labels = { row: 'Row', problems: 'Problems', outcome: 'Outcome', skipped: 'Skipped', rejected: 'Rejected' };
    const describe = describer(
      head.headers,
      mapping,
      (f) => f,
      (r) => ({ zeroQuantity: 'is zero', formula: 'looks like a formula' })[r] ?? r,
    );
    const csv = reportHeader(head.headers, labels) + rejected.map((r) => reportRecord(r, describe, labels)).join('');
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFRow,Problems,Outcome,InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '2,Quantity: is zero,Rejected,536365,85123A,HEART,0,12/1/2010 8:26,2.55,17850.0,UK',
      "3,Description: looks like a formula,Rejected,536366,85124,'=1+2,'-3,12/1/2010 8:26,1.00,17850.0,UK",
      '',
    ]);
  });

  it('a fixed report imports again: its neutralised cells read as written', () => {
    const text = [
      'Row,Problems,Outcome,InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      "3,x,Rejected,C536366,85124,MUG,'-3,12/1/2010 8:26,1.00,17850.0,UK",
    ].join('\n');
    const { lines, rejected } = run(text);
    expect(rejected).toEqual([]);
    expect(lines.map((l) => [l.kind, l.quantity, l.lineTotal])).toEqual([['return', '-3.00', '-3.00']]);
  });
});

describe('a file of one row per order', () => {
  it('without a quantity column each row is one unit at the row’s total', () => {
    const text = ['Order ID,Customer ID,Order date,Amount', 'SO-1,CUST-1,2026-03-01 10:00:00,"1,039.98"'].join('\n');
    const { lines, mapping } = run(text, { dateFormat: 'YYYY-MM-DD HH:mm:ss', timeZone: 'UTC' });
    expect(mapping).toEqual({ orderNo: 0, customerId: 1, orderedAt: 2, lineTotal: 3 });
    expect(lines.map((l) => [l.orderNo, l.quantity, l.unitPrice, l.lineTotal])).toEqual([
      ['SO-1', '1.00', '1039.98', '1039.98'],
    ]);
  });
});

describe('files made for the old one-row-per-order import (customer import, now removed)', () => {
  it('its headers still map, in English and Chinese, and its statuses read', () => {
    const header = 'Order ID,Customer ID,Customer email,Order date,Total,Currency,Status,SKU,Qty,Unit price';
    const text = [header, 'SO-1002,,AP@globex.example,2026-03-02 09:30:00,100,,已发货,,,'].join('\n');
    const { mapping, lines } = run(text, { dateFormat: 'YYYY-MM-DD HH:mm:ss', timeZone: 'UTC' });
    expect(mapping).toEqual({
      orderNo: 0,
      customerId: 1,
      customerEmail: 2,
      orderedAt: 3,
      lineTotal: 4,
      currency: 5,
      status: 6,
      sku: 7,
      quantity: 8,
      unitPrice: 9,
    });
    // An empty quantity next to a total is one unit at that total, as without a quantity column.
    expect(lines.map((l) => [l.orderNo, l.customerEmail, l.quantity, l.lineTotal, l.status])).toEqual([
      ['SO-1002', 'ap@globex.example', '1.00', '100.00', 'fulfilled'],
    ]);
    expect(suggestMapping(['外部订单号', '客户外部编号', '下单日期', '订单金额', '状态'], null)).toEqual({
      orderNo: 0,
      customerId: 1,
      orderedAt: 2,
      lineTotal: 3,
      status: 4,
    });
    const oneRow = run(
      ['订单号,客户编号,下单日期,总金额,状态', 'SO-1,C-1,2026-03-01 10:00:00,39.98,已支付'].join('\n'),
      {
        dateFormat: 'YYYY-MM-DD HH:mm:ss',
        timeZone: 'UTC',
      },
    );
    expect(oneRow.lines.map((l) => [l.orderNo, l.customerId, l.lineTotal, l.status])).toEqual([
      ['SO-1', 'C-1', '39.98', 'paid'],
    ]);
  });
});

describe('mapping', () => {
  it('presets fill the columns of both layouts; a mapping needs order, date, a price and a customer key', () => {
    const retail = ONLINE_RETAIL[0].split(',');
    expect(suggestMapping(retail, 'online-retail')).toEqual({
      orderNo: 0,
      sku: 1,
      description: 2,
      quantity: 3,
      orderedAt: 4,
      unitPrice: 5,
      customerId: 6,
      country: 7,
    });
    // Shopify: the order-level money columns (subtotal, shipping, taxes, discount, total) stay unmapped.
    const shopify = [
      'Name',
      'Email',
      'Financial Status',
      'Paid at',
      'Currency',
      'Subtotal',
      'Shipping',
      'Taxes',
      'Total',
      'Discount Amount',
      'Created at',
      'Lineitem quantity',
      'Lineitem name',
      'Lineitem price',
      'Lineitem sku',
      'Refunded Amount',
    ];
    expect(detectPreset(shopify)).toBe('shopify');
    const mapped = suggestMapping(shopify, 'shopify');
    expect(
      ['Subtotal', 'Shipping', 'Taxes', 'Total', 'Discount Amount'].filter((h) =>
        Object.values(mapped).includes(shopify.indexOf(h)),
      ),
    ).toEqual([]);
    // Online Retail II spells them "Invoice", "Price", "Customer ID".
    expect(
      detectPreset([
        'Invoice',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'Price',
        'Customer ID',
        'Country',
      ]),
    ).toBe('online-retail');
    const partial: Mapping = { orderNo: 0, quantity: 3, orderedAt: 3 };
    expect(mappingProblems(partial, 8)).toEqual([
      { problem: 'twice', fields: ['quantity', 'orderedAt'] },
      { problem: 'missing', fields: ['unitPrice', 'lineTotal'] },
      { problem: 'missing', fields: ['customerId', 'customerEmail'] },
    ]);
    expect(mappingProblems({ ...suggestMapping(retail, 'online-retail'), lineTotal: 9 }, 8)).toEqual([
      { problem: 'column', fields: ['lineTotal'] },
    ]);
  });
});
