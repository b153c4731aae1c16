// Knowledge-base demo content (db/seed/kb.ts): categories and articles as a support team writes them.

export const KB_CATEGORIES = [
  'Orders & shipping',
  'Returns & refunds',
  'Billing & invoices',
  'Account & sign-in',
  'Products & setup',
] as const;

export type SeedArticle = {
  title: string;
  category: number;
  tags: string[];
  body: string;
  status?: 'draft' | 'archived';
};

const steps = (...lines: string[]) => lines.map((l, i) => `${i + 1}. ${l}`).join('\n');

export const KB_ARTICLES: SeedArticle[] = [
  {
    title: 'How to track an order',
    category: 0,
    tags: ['shipping', 'tracking'],
    body: `Every shipped order gets a tracking number by email within one business day.\n\n${steps('Open **Orders** and find the order by its number.', 'Copy the tracking number from the shipment line.', "Paste it on the carrier's site, or send the customer the tracking link.")}\n\nIf the tracking shows no movement for **5 business days**, open a case with the carrier (see *Lost or delayed parcels*).`,
  },
  {
    title: 'Delivery times by region',
    category: 0,
    tags: ['shipping'],
    body: `## Standard delivery\n\n- Domestic: 2–4 business days\n- Europe: 4–7 business days\n- Asia-Pacific: 6–10 business days\n\n## Express\n\nExpress orders placed before 14:00 leave the warehouse the same day and arrive in 1–2 business days domestically.`,
  },
  {
    title: 'Lost or delayed parcels',
    category: 0,
    tags: ['shipping', 'carrier'],
    body: `A parcel counts as **lost** when tracking has not moved for 10 business days.\n\n${steps('Ask the customer to check with neighbours and the local depot.', 'File a trace with the carrier (their portal, reference = our order number).', 'If the carrier confirms the loss, ship a replacement at no cost or offer a full refund.')}\n\nNever ask the customer to pay again for a lost parcel.`,
  },
  {
    title: 'Changing the delivery address after ordering',
    category: 0,
    tags: ['shipping', 'address'],
    body: 'The address can be changed until the order is **picked** (status *Processing*). After that, ask the carrier for a redirect: most carriers redirect for a small fee, which we cover for the first change.\n\nUpdate the address on the customer record too, so the next order goes to the right place.',
  },
  {
    title: 'Splitting an order into several shipments',
    category: 0,
    tags: ['shipping', 'orders'],
    body: 'When part of an order is back-ordered, the warehouse ships what is in stock and the rest later. The customer pays shipping once. Each shipment has its own tracking number; both appear on the order.',
  },
  {
    title: 'Cancelling an order',
    category: 0,
    tags: ['orders', 'cancellation'],
    body: 'Orders can be cancelled free of charge until they ship. After shipping, the customer returns the goods instead (see *Return policy*). Cancelled orders are refunded to the original payment method within 3 business days.',
  },
  {
    title: 'Return policy',
    category: 1,
    tags: ['returns', 'policy'],
    body: `Customers may return any product within **30 days** of delivery.\n\n- Unused products in original packaging: full refund.\n- Opened software or consumables: exchange only.\n- Custom-made items: no returns unless faulty.\n\nReturn shipping is free for faulty products; otherwise the customer pays it.`,
  },
  {
    title: 'How refunds work',
    category: 1,
    tags: ['refunds', 'payments'],
    body: `A refund is issued when the returned goods arrive at the warehouse and pass inspection.\n\n- Card: 5–10 business days\n- Bank transfer: 3 business days\n- Store credit: immediately\n\nPartial refunds are possible for damaged returns; explain the deduction in the case reply.`,
  },
  {
    title: 'Refund not received',
    category: 1,
    tags: ['refunds', 'payments'],
    body: `${steps('Check the order: a refunded order shows the refund date and amount.', 'If the refund is older than 10 business days, ask the customer for a bank statement.', 'Escalate to Finance with the order number and the statement.')}\n\nRefunds to expired cards go back to the bank, which forwards them to the new card.`,
  },
  {
    title: 'Creating a return label',
    category: 1,
    tags: ['returns', 'labels'],
    body: 'Open the order, choose the lines being returned and create a return label. The label is emailed to the contact as a PDF and is valid for 14 days. For faulty goods, tick *Free return* so the customer is not charged.',
  },
  {
    title: 'Exchanging a product for another size or model',
    category: 1,
    tags: ['returns', 'exchange'],
    body: 'Create a return for the original line and a new order for the replacement. Link both in the case. If the replacement costs more, send a quote for the difference; if less, refund the difference once the return arrives.',
  },
  {
    title: 'Damaged on arrival',
    category: 1,
    tags: ['returns', 'damage', 'carrier'],
    body: "Ask the customer for photos of the product **and** the packaging within 7 days of delivery. Send a replacement straight away for orders under 500; above that, wait for the carrier's damage report. Keep the photos on the case.",
  },
  {
    title: 'Reading an invoice',
    category: 2,
    tags: ['invoices', 'billing'],
    body: 'Each invoice lists the order lines, discounts, tax per rate and the total. The **due date** is 30 days after the invoice date unless the customer has other payment terms on their record.',
  },
  {
    title: 'Requesting a copy of an invoice',
    category: 2,
    tags: ['invoices'],
    body: 'Invoices are attached to the order. Download the PDF from the order page and reply with it attached, or insert the order link so the customer can download it from the customer portal.',
  },
  {
    title: 'Correcting the company name or tax number on an invoice',
    category: 2,
    tags: ['invoices', 'tax'],
    body: 'Issued invoices cannot be edited. Finance issues a **credit note** and a corrected invoice. Collect the correct legal name, address and tax number, update the customer record, and hand the case to Finance.',
  },
  {
    title: 'Payment methods we accept',
    category: 2,
    tags: ['payments', 'billing'],
    body: '- Credit and debit cards (Visa, Mastercard, American Express)\n- Bank transfer (invoice customers)\n- Alipay and WeChat Pay for customers in mainland China\n\nCheques are no longer accepted.',
  },
  {
    title: 'Failed card payments',
    category: 2,
    tags: ['payments', 'cards'],
    body: `Most failures come from the card issuer.\n\n${steps("Ask the customer to check the card's expiry date and available limit.", 'Suggest they approve the payment in their banking app (3-D Secure).', 'If it still fails, offer bank transfer.')}`,
  },
  {
    title: 'Overdue invoices and reminders',
    category: 2,
    tags: ['invoices', 'billing', 'overdue'],
    body: 'Reminders go out automatically 3, 14 and 30 days after the due date. After the third reminder the account is put on hold and new orders wait for payment. Agents may grant one extension of up to 14 days; note it on the customer.',
  },
  {
    title: 'Resetting a password',
    category: 3,
    tags: ['account', 'password'],
    body: "Customers reset their portal password with **Forgot password** on the sign-in page. The link is valid for one hour. Agents never ask for, or set, a customer's password.",
  },
  {
    title: 'Two-step verification codes not arriving',
    category: 3,
    tags: ['account', 'security'],
    body: 'Codes are sent by SMS or authenticator app. Check the phone number on the contact, ask the customer to check the time on their phone (authenticator codes depend on it), and offer backup codes. After identity checks, a manager can switch two-step verification off.',
  },
  {
    title: 'Adding a colleague to a customer account',
    category: 3,
    tags: ['account', 'contacts'],
    body: "Add the colleague as a **contact** of the customer with their work email. They receive an invitation to the portal. Only the customer's primary contact may ask us to give a colleague ordering rights.",
  },
  {
    title: 'Closing a customer account',
    category: 3,
    tags: ['account', 'privacy'],
    body: 'A customer may ask us to close their account at any time. Open orders and unpaid invoices must be settled first. Personal data is deleted after the legal retention period; invoices are kept for 10 years.',
  },
  {
    title: 'Unsubscribing from marketing emails',
    category: 3,
    tags: ['email', 'consent', 'privacy'],
    body: 'Every marketing email has an unsubscribe link. If a customer asks by reply, untick **Email consent** on their record: it takes effect for the next campaign. Service emails about their orders and cases still arrive.',
  },
  {
    title: 'Setting up the barcode scanner',
    category: 4,
    tags: ['setup', 'hardware'],
    body: "```\nPair: hold TRIGGER + POWER for 5 s until the light blinks blue\n```\n\nThen choose the scanner in the computer's Bluetooth settings. The scanner types like a keyboard: click into a field and scan. Factory reset: scan the *Reset* code in the printed manual.",
  },
  {
    title: 'Printer shows "paper jam" but no paper is stuck',
    category: 4,
    tags: ['hardware', 'troubleshooting', 'printer'],
    body: `${steps('Switch the printer off and unplug it for 30 seconds.', 'Open the rear cover and check the sensor flap moves freely.', 'Clean the sensor with a dry cloth and switch on again.')}\n\nIf the message returns, the sensor is faulty: replace under warranty.`,
  },
  {
    title: 'Warranty terms',
    category: 4,
    tags: ['warranty', 'policy'],
    body: 'Hardware has a **2-year** warranty from delivery; batteries 1 year. The warranty covers manufacturing defects, not drops, water or wear. Repairs or replacements under warranty are free, including shipping both ways.',
  },
  {
    title: 'Updating device firmware',
    category: 4,
    tags: ['setup', 'firmware'],
    body: 'Connect the device by USB, open the Lodestar Device Tool and choose **Check for updates**. Do not unplug during the update (about 3 minutes). Firmware updates never erase stored settings.',
  },
  {
    title: 'Which product fits which business?',
    category: 4,
    tags: ['products', 'sales'],
    body: "- **Starter kit**: one shop, up to 500 items.\n- **Professional**: several shops, stock shared between them.\n- **Enterprise**: warehouses, API access and a named account manager.\n\nHand pricing questions to the customer's sales rep.",
  },
  {
    title: 'Old shipping rates (2024)',
    category: 0,
    tags: ['shipping', 'archive'],
    body: 'Rates valid until 31 December 2024. Kept for reference on old orders only.',
    status: 'archived',
  },
  {
    title: 'Holiday season delivery cut-off dates',
    category: 0,
    tags: ['shipping', 'holidays'],
    body: 'Draft: confirm the dates with the warehouse before publishing.\n\n- Standard: 18 December\n- Express: 22 December',
    status: 'draft',
  },
  {
    title: '如何申请退款',
    category: 1,
    tags: ['退款', 'refunds'],
    body: `客户收到商品后 **30 天内** 可以申请退货退款。\n\n${steps('在订单页面选择要退回的商品。', '生成退货标签并发送给联系人。', '仓库验收后，退款原路退回（银行卡 5–10 个工作日）。')}\n\n定制商品除非有质量问题，否则不支持退货。`,
  },
  {
    title: '退款未到账怎么办',
    category: 1,
    tags: ['退款', 'refunds', 'payments'],
    body: '请先在订单中确认退款日期和金额。超过 10 个工作日仍未到账时，请客户提供银行流水，并把工单转给财务部门处理。',
  },
  {
    title: '发票抬头或税号填错了',
    category: 2,
    tags: ['发票', 'invoices'],
    body: '已开具的发票不能直接修改。财务部门会开具红字发票（冲销）并重新开具正确的发票。请向客户确认正确的公司名称、地址和税号，并更新客户资料。',
  },
  {
    title: '支付宝和微信支付',
    category: 2,
    tags: ['支付', 'payments'],
    body: '中国大陆客户可以使用支付宝或微信支付付款。付款成功后订单状态会自动更新；如果客户已付款但订单仍显示未付款，请在工单中附上支付凭证截图并转给财务。',
  },
  {
    title: '物流查询与配送时间',
    category: 0,
    tags: ['物流', 'shipping'],
    body: '订单发货后一个工作日内，客户会收到带有快递单号的邮件。国内标准配送 2–4 个工作日，加急订单 14:00 前下单当天发货。',
  },
];
