/**
 * What the columns of an order-line export can mean, the presets for the layouts people bring
 * (Online Retail, Shopify), and which mappings can run. Pure and client-safe: the browser suggests
 * a mapping from the header, the server and the CLI check it again.
 */

import { normaliseHeader } from '@/lib/customers/import/fields';

/** One row of the file is one line item; the order number repeats on each line of an order. */
export const ORDER_LINE_FIELDS = [
  'orderNo',
  'orderedAt',
  'customerId',
  'customerEmail',
  'customerName',
  'sku',
  'description',
  'quantity',
  'unitPrice',
  'lineTotal',
  'currency',
  'country',
  'status',
  'refundAmount',
] as const;
export type OrderLineField = (typeof ORDER_LINE_FIELDS)[number];

/** Order-level fields: a line that leaves them empty takes them from its order's earlier line (Shopify writes them once). */
export const ORDER_LEVEL_FIELDS = [
  'orderedAt',
  'customerId',
  'customerEmail',
  'customerName',
  'currency',
  'country',
  'status',
] as const satisfies readonly OrderLineField[];

/** Without a quantity column each row is one unit (a file of one row per order, with its total). */
export const REQUIRED_LINE_FIELDS: readonly OrderLineField[] = ['orderNo', 'orderedAt'];
/** At least one of each group must be mapped. */
export const ONE_OF_LINE_FIELDS: readonly (readonly OrderLineField[])[] = [
  ['unitPrice', 'lineTotal'],
  ['customerId', 'customerEmail'],
];

export type Mapping = Partial<Record<OrderLineField, number>>;

export const PRESET_NAMES = ['online-retail', 'shopify'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

type Preset = {
  /** Field → header names (normalised) that fill it, first match wins. */
  columns: Partial<Record<OrderLineField, readonly string[]>>;
  /** Header names (normalised) that identify the layout. */
  signature: readonly string[];
  cancelPrefix: string;
  dateFormats: readonly string[];
};

export const PRESETS: Record<PresetName, Preset> = {
  // UCI "Online Retail" (InvoiceNo, …, CustomerID) and "Online Retail II" (Invoice, …, Price, Customer ID).
  'online-retail': {
    columns: {
      orderNo: ['invoiceno', 'invoice'],
      sku: ['stockcode'],
      description: ['description'],
      quantity: ['quantity'],
      orderedAt: ['invoicedate'],
      unitPrice: ['unitprice', 'price'],
      customerId: ['customerid'],
      country: ['country'],
    },
    signature: ['stockcode', 'invoicedate'],
    cancelPrefix: 'C',
    dateFormats: ['YYYY-MM-DD HH:mm:ss', 'M/D/YYYY H:mm', 'D/M/YYYY H:mm', 'YYYY-MM-DD HH:mm'],
  },
  // Shopify's orders export (WooCommerce exports through the usual plugins look alike). An order's
  // total is the sum of its line items (Lineitem quantity × price): merchandise revenue, what RFM
  // and CLV measure. The order-level Subtotal, Shipping, Taxes, Discount Amount and Total columns
  // are left unmapped on purpose: tax is collected for the state, shipping is passed on to the
  // carrier, and the totals would count every order again on each of its lines. Refunded Amount
  // becomes a return of that amount. (Online Retail's postage lines, StockCode POST and DOT, are
  // line items of their own and import like any other.)
  shopify: {
    columns: {
      orderNo: ['name'],
      customerEmail: ['email'],
      customerName: ['billingname'],
      status: ['financialstatus'],
      orderedAt: ['createdat', 'paidat'],
      quantity: ['lineitemquantity'],
      description: ['lineitemname'],
      unitPrice: ['lineitemprice'],
      sku: ['lineitemsku'],
      currency: ['currency'],
      country: ['billingcountry', 'shippingcountry'],
      refundAmount: ['refundedamount'],
    },
    signature: ['lineitemquantity', 'lineitemname'],
    cancelPrefix: '',
    dateFormats: ['YYYY-MM-DD HH:mm:ss Z', 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DDTHH:mm:ssZ'],
  },
};

// Header names (normalised) that suggest a field when no preset fits. Earlier fields win a shared name.
const ALIASES: Record<OrderLineField, readonly string[]> = {
  orderNo: [
    'orderno',
    'ordernumber',
    'orderid',
    'order',
    'invoiceno',
    'invoice',
    'invoicenumber',
    'externalid',
    'orderexternalid',
    '订单号',
    '订单编号',
    '外部订单号',
    '订单id',
  ],
  orderedAt: [
    'orderedat',
    'orderdate',
    'invoicedate',
    'date',
    'orderedon',
    'purchasedate',
    'createdat',
    'created',
    'paidat',
    '下单时间',
    '订单日期',
    '下单日期',
    '购买日期',
    '日期',
  ],
  customerId: [
    'customerid',
    'customerexternalid',
    'customerno',
    'customernumber',
    'customercode',
    'clientid',
    'accountid',
    '客户编号',
    '客户外部编号',
    '客户代码',
    '客户id',
  ],
  customerEmail: ['customeremail', 'email', 'billingemail', '客户邮箱', '邮箱'],
  customerName: ['customername', 'billingname', 'customer', '客户名称', '客户'],
  sku: ['sku', 'stockcode', 'productcode', 'itemcode', 'lineitemsku', 'productsku', '商品编号', '产品编号'],
  description: ['description', 'productname', 'itemname', 'lineitemname', 'product', '商品名称', '产品名称'],
  quantity: ['quantity', 'qty', 'lineitemquantity', '数量'],
  unitPrice: ['unitprice', 'price', 'lineitemprice', 'itemprice', 'itemcost', '单价'],
  // A file of one row per order names its total "Total": each row is one line at that total.
  lineTotal: [
    'linetotal',
    'amount',
    'linetotalamount',
    'itemtotal',
    'total',
    'ordertotal',
    'totalamount',
    '金额',
    '小计',
    '总额',
    '订单金额',
    '总金额',
    '合计',
  ],
  currency: ['currency', '币种', '货币'],
  country: ['country', 'billingcountry', '国家'],
  status: ['status', 'financialstatus', 'orderstatus', '状态', '订单状态'],
  refundAmount: ['refundedamount', 'refundamount', 'refund', '退款金额'],
};

/** The preset whose signature columns the header has, if any. */
export function detectPreset(headers: readonly string[]): PresetName | null {
  const names = new Set(headers.map(normaliseHeader));
  return PRESET_NAMES.find((p) => PRESETS[p].signature.every((s) => names.has(s))) ?? null;
}

/** The mapping a preset (or, without one, the header names) suggests: field → column. */
export function suggestMapping(headers: readonly string[], preset: PresetName | null): Mapping {
  const names = headers.map(normaliseHeader);
  const mapping: Mapping = {};
  const used = new Set<number>();
  const table: Partial<Record<OrderLineField, readonly string[]>> = preset ? PRESETS[preset].columns : ALIASES;
  for (const field of ORDER_LINE_FIELDS) {
    for (const alias of table[field] ?? []) {
      const column = names.findIndex((n, i) => n === alias && !used.has(i));
      if (column >= 0) {
        mapping[field] = column;
        used.add(column);
        break;
      }
    }
  }
  return mapping;
}

export type MappingProblem =
  | { problem: 'missing'; fields: readonly OrderLineField[] }
  | { problem: 'twice'; fields: readonly OrderLineField[] }
  | { problem: 'column'; fields: readonly OrderLineField[] };

/** What stops a mapping from running: a required field not mapped, a column used twice, a column the file has not. */
export function mappingProblems(mapping: Mapping, columnCount: number): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const entries = Object.entries(mapping) as [OrderLineField, number][];
  const outside = entries.filter(([, c]) => !Number.isInteger(c) || c < 0 || c >= columnCount).map(([f]) => f);
  if (outside.length) problems.push({ problem: 'column', fields: outside });
  const byColumn = new Map<number, OrderLineField[]>();
  for (const [f, c] of entries) byColumn.set(c, [...(byColumn.get(c) ?? []), f]);
  const twice = [...byColumn.values()].filter((fs) => fs.length > 1).flat();
  if (twice.length) problems.push({ problem: 'twice', fields: twice });
  for (const f of REQUIRED_LINE_FIELDS)
    if (mapping[f] === undefined) problems.push({ problem: 'missing', fields: [f] });
  for (const group of ONE_OF_LINE_FIELDS)
    if (!group.some((f) => mapping[f] !== undefined)) problems.push({ problem: 'missing', fields: group });
  return problems;
}
