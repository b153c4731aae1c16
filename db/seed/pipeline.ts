import { scoreLead } from '../../analytics/lead-score';
import { QUOTE_NUMBER_SEQUENCE, quoteNumber } from '../quote-numbering';
import { BulkWriter, type Literal } from './bulk';
import { addDays, cents, DAY, isoDate, type SeedContext, type SeedCustomer } from './context';
import { EN_COMPANY_A, EN_FIRST, EN_LAST, INDUSTRIES, LOST_REASONS, SOURCES, ZH_GIVEN, ZH_SURNAMES } from './names';
import { Rng } from './random';

const LEAD_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'source',
  'status',
  'score',
  'owner_id',
  'unqualified_reason',
  'converted_customer_id',
  'converted_contact_id',
  'converted_deal_id',
  'converted_at',
  'created_at',
  'updated_at',
  'industry',
  'employees',
  'last_activity_at',
  'score_reasons',
] as const;
const DEAL_COLUMNS = [
  'id',
  'name',
  'customer_id',
  'contact_id',
  'owner_id',
  'stage_id',
  'amount',
  'currency',
  'expected_close_date',
  'status',
  'lost_reason',
  'closed_at',
  'position',
  'lead_id',
  'created_at',
  'updated_at',
  'stage_entered_at',
  'furthest_stage_id',
  'forecast_category',
] as const;
const HISTORY_COLUMNS = ['id', 'deal_id', 'from_stage_id', 'to_stage_id', 'changed_by', 'changed_at'] as const;
const QUOTE_COLUMNS = [
  'id',
  'number',
  'deal_id',
  'customer_id',
  'owner_id',
  'status',
  'valid_until',
  'currency',
  'subtotal',
  'discount',
  'tax',
  'tax_rate',
  'total',
  'sent_at',
  'decided_at',
  'created_at',
  'updated_at',
] as const;
const QUOTE_ITEM_COLUMNS = [
  'id',
  'quote_id',
  'product_id',
  'description',
  'quantity',
  'unit_price',
  'discount_pct',
  'line_total',
  'position',
] as const;
const DEAL_KINDS = [
  'Annual subscription',
  'Expansion',
  'Renewal',
  'Hardware rollout',
  'Training package',
  'Pilot',
  '年度合同',
];

/**
 * The rep's forecast call, as reps make it: late stages committed, the one before best case, a few
 * deals left out. Derived from the stage and position, not drawn: the seed's other values stay as they were.
 */
function forecastCategory(status: 'open' | 'won' | 'lost', probability: number, pos: number): string {
  if (status === 'won') return 'commit';
  if (status === 'lost') return 'pipeline';
  if (pos % 15 === 0) return 'omitted';
  return probability >= 80 ? 'commit' : probability >= 60 ? 'best_case' : 'pipeline';
}

/** Leads in every status, deals across the pipeline with stage history, and quotes. */
export async function seedPipeline(
  ctx: SeedContext,
): Promise<{ leads: number; deals: number; history: number; quotes: number }> {
  const { rng, anchor, scale } = ctx;
  const deals = new BulkWriter(ctx.exec, 'deals', DEAL_COLUMNS);
  const leads = new BulkWriter(ctx.exec, 'leads', LEAD_COLUMNS, 2000, [deals]);
  const history = new BulkWriter(ctx.exec, 'deal_stage_history', HISTORY_COLUMNS, 4000, [deals]);
  const quotes = new BulkWriter(ctx.exec, 'quotes', QUOTE_COLUMNS, 2000, [deals]);
  const quoteItems = new BulkWriter(ctx.exec, 'quote_items', QUOTE_ITEM_COLUMNS, 4000, [quotes]);
  const openStages = ctx.stages.filter((s) => !s.isWon && !s.isLost);
  const won = ctx.stages.find((s) => s.isWon)!;
  const lost = ctx.stages.find((s) => s.isLost)!;
  const positions = new Map<string, number>();
  // Quotes are numbered as the app numbers them (QT-000001…); the sequence then continues after the last.
  let quoteNo = 0;

  const writeDeal = async (
    customer: SeedCustomer,
    status: 'open' | 'won' | 'lost',
    leadId: string | null,
    createdAt: Date,
  ) => {
    const id = rng.uuid();
    const amountCents = Math.round(Math.exp(rng.normal(Math.log(9000), 0.9)) * 100);
    const path =
      status === 'open'
        ? openStages.slice(0, rng.weighted(openStages.map((_, i) => [i + 1, 5 - i * 0.7] as const)))
        : [...openStages.slice(0, rng.int(1, openStages.length)), status === 'won' ? won : lost];
    const stage = path[path.length - 1];
    // Stage history timestamps first, so the deal row (which history references) is written before its history.
    const times: Date[] = [];
    let at = createdAt;
    for (let k = 0; k < path.length; k++) {
      times.push(at);
      // A step that would pass the anchor goes halfway there instead: clamping piled every late
      // deal's close onto the day before the anchor (a month of won revenue on one day).
      const next = at.getTime() + rng.int(2, 20) * DAY;
      const last = anchor.getTime() - DAY;
      at = new Date(next <= last ? next : Math.max(at.getTime(), at.getTime() + (last - at.getTime()) / 2));
    }
    const closedAt = status === 'open' ? null : at;
    const pos = (positions.get(stage.id) ?? 0) + 1;
    positions.set(stage.id, pos);
    // An open deal entered its stage within the last few weeks mostly (a few are left to rot), as in
    // a worked pipeline. Derived from its position, not drawn: the seed's other values stay as they were.
    if (status === 'open') {
      const recent = addDays(anchor, -(1 + ((pos * 7919) % (pos % 7 === 0 ? 120 : 30))));
      if (recent > times[times.length - 1]) times[times.length - 1] = recent;
    }
    const close = status === 'open' ? addDays(anchor, rng.int(-15, 120)) : closedAt!;
    await deals.push([
      id,
      `${customer.name} – ${rng.pick(DEAL_KINDS)}`,
      customer.id,
      customer.contactId,
      customer.ownerId,
      stage.id,
      cents(amountCents),
      'USD',
      isoDate(close),
      status,
      status === 'lost' ? rng.pick(LOST_REASONS) : null,
      closedAt,
      pos * 1024,
      leadId,
      createdAt,
      closedAt ?? at,
      times[times.length - 1],
      // The last stage before a loss (the trigger deals_furthest_stage keeps it from here on).
      (status === 'lost' ? path[path.length - 2] : stage).id,
      forecastCategory(status, stage.probability, pos),
    ]);
    for (const [k, s] of path.entries())
      await history.push([rng.uuid(), id, k === 0 ? null : path[k - 1].id, s.id, customer.ownerId, times[k]]);
    // Quotes for deals that reached a proposal.
    if (path.length >= 3 && rng.chance(0.6)) {
      const qid = rng.uuid();
      const lines = rng.int(1, 3);
      let subtotal = 0;
      const itemRows: Literal[][] = [];
      for (let k = 0; k < lines; k++) {
        const product = ctx.products[rng.int(0, ctx.products.length - 1)];
        const qty = rng.int(1, 20);
        const discount = rng.pick([0, 0, 5, 10]);
        const line = Math.round((product.cents * qty * (100 - discount)) / 100);
        subtotal += line;
        itemRows.push([rng.uuid(), qid, product.id, product.name, qty, cents(product.cents), discount, cents(line), k]);
      }
      const tax = Math.round(subtotal * 0.08); // tax_rate 8 %: half up, as lib/sales/quotes/totals.ts rounds
      const quoteStatus =
        status === 'won' ? 'accepted' : status === 'lost' ? 'rejected' : rng.pick(['draft', 'sent', 'sent']);
      const sentAt = quoteStatus === 'draft' ? null : addDays(createdAt, 3);
      await quotes.push([
        qid,
        quoteNumber(++quoteNo),
        id,
        customer.id,
        customer.ownerId,
        quoteStatus,
        isoDate(addDays(createdAt, 33)),
        'USD',
        cents(subtotal),
        '0.00',
        cents(tax),
        '8',
        cents(subtotal + tax),
        sentAt,
        status === 'open' ? null : closedAt,
        createdAt,
        createdAt,
      ]);
      for (const item of itemRows) await quoteItems.push(item); // after the quote they reference
    }
    return id;
  };

  const recent = (days: number) => new Date(anchor.getTime() - rng.int(1, days) * DAY);
  const pickCustomer = () => ctx.customers[rng.int(0, ctx.customers.length - 1)];

  // The lead details scoring reads come from their own generator, so the rest of the seed (deals,
  // cases, …) stays exactly what it was before leads had them.
  const extra = new Rng(20_261_202);
  const SIZES = [5, 12, 30, 60, 150, 250, 600, 1200, 5000];
  for (let i = 0; i < scale.leads; i++) {
    const zh = rng.chance(0.3);
    const [first, last] = zh
      ? [rng.pick(ZH_GIVEN)[0], rng.pick(ZH_SURNAMES)[0]]
      : [rng.pick(EN_FIRST), rng.pick(EN_LAST)];
    const status = rng.weighted([
      ['new', 30],
      ['contacted', 25],
      ['qualified', 15],
      ['converted', 20],
      ['unqualified', 10],
    ] as const);
    const createdAt = recent(365);
    const ownerId = rng.pick(ctx.users.reps);
    let converted: [string, string | null, string, Date] | [null, null, null, null] = [null, null, null, null];
    if (status === 'converted') {
      const customer = pickCustomer();
      const dealId = await writeDeal(customer, rng.pick(['open', 'won', 'lost'] as const), null, createdAt);
      converted = [customer.id, customer.contactId, dealId, addDays(createdAt, rng.int(1, 20))];
    }
    const id = rng.uuid();
    const company = rng.chance(0.6) ? `${rng.pick(EN_COMPANY_A)} ${rng.pick(['Ltd', 'Inc.', 'Group'])}` : null;
    const source = rng.pick(SOURCES);
    rng.int(0, 100); // the score drawn before scores came from rules: kept so the sequence is unchanged
    const industry = extra.chance(0.7) ? extra.pick(INDUSTRIES) : null;
    const employees = company && extra.chance(0.8) ? extra.pick(SIZES) : null;
    const email = extra.chance(0.25)
      ? `lead${i}@${extra.pick(['gmail.com', 'qq.com', 'outlook.com', '163.com'])}`
      : `lead${i}@prospect.example.com`;
    const lastActivityAt =
      status === 'new' ? null : new Date(Math.min(anchor.getTime(), createdAt.getTime() + extra.int(0, 60) * DAY));
    const { score, reasons } = scoreLead(
      { source, industry, employees, email, lastActivityAt },
      ctx.scoreRules,
      anchor,
    );
    await leads.push([
      id,
      first,
      last,
      company,
      email,
      null,
      source,
      status,
      score,
      ownerId,
      status === 'unqualified' ? rng.pick(['No budget', 'Not a fit', 'Student', 'Duplicate']) : null,
      ...converted,
      createdAt,
      createdAt,
      industry,
      employees,
      lastActivityAt,
      JSON.stringify(reasons),
    ]);
  }
  // Deals start after their customer exists.
  const since = (customer: SeedCustomer, days: number) =>
    new Date(Math.max(customer.createdAt.getTime() + DAY, recent(days).getTime()));
  for (let i = 0; i < scale.openDeals; i++) {
    const customer = pickCustomer();
    await writeDeal(customer, 'open', null, since(customer, 200));
  }
  for (let i = 0; i < scale.closedDeals; i++) {
    const customer = pickCustomer();
    await writeDeal(customer, rng.chance(0.45) ? 'won' : 'lost', null, since(customer, 700));
  }

  for (const w of [deals, leads, history, quotes, quoteItems]) await w.flush();
  // A converted lead's deal points back at its lead, as conversion links them (lib/sales/leads/convert.ts).
  // The deal row is written before its lead (the lead references it), so the link is set here, in one
  // statement rather than per row (the large seed converts tens of thousands of leads).
  await ctx.exec(`UPDATE deals d SET lead_id = l.id FROM leads l
    WHERE l.converted_deal_id = d.id AND d.lead_id IS NULL`);
  await ctx.exec(
    quoteNo > 0
      ? `SELECT setval('${QUOTE_NUMBER_SEQUENCE}', ${quoteNo})`
      : `SELECT setval('${QUOTE_NUMBER_SEQUENCE}', 1, false)`,
  );
  return { leads: leads.count, deals: deals.count, history: history.count, quotes: quotes.count };
}
