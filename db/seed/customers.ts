import { BulkWriter } from './bulk';
import { cents, DAY, type SeedContext } from './context';
import {
  EN_COMPANY_A,
  EN_COMPANY_B,
  EN_COMPANY_SUFFIX,
  EN_FIRST,
  EN_LAST,
  INDUSTRIES,
  PLACES,
  SOURCES,
  STREETS,
  TAGS,
  ZH_CITY_PREFIX,
  ZH_COMPANY_CORE,
  ZH_COMPANY_TRADE,
  ZH_GIVEN,
  ZH_STREETS,
  ZH_SURNAMES,
} from './names';
import type { Rng } from './random';

const CUSTOMER_COLUMNS = [
  'id',
  'kind',
  'name',
  'email',
  'phone',
  'website',
  'street',
  'city',
  'region',
  'postal_code',
  'country',
  'industry',
  'source',
  'owner_id',
  'email_consent',
  'consent_at',
  'consent_source',
  'tags',
  'external_id',
  'created_at',
  'updated_at',
] as const;
const CONTACT_COLUMNS = [
  'id',
  'customer_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'title',
  'is_primary',
  'created_at',
  'updated_at',
] as const;
const ORDER_COLUMNS = [
  'id',
  'number',
  'customer_id',
  'owner_id',
  'status',
  'ordered_at',
  'currency',
  'total',
  'created_at',
] as const;
const ITEM_COLUMNS = ['id', 'order_id', 'product_id', 'quantity', 'unit_price', 'line_total'] as const;
const TITLES = [
  'CEO',
  'CFO',
  'Head of Operations',
  'Purchasing Manager',
  'IT Director',
  'Office Manager',
  'Marketing Lead',
  '采购经理',
  '总经理',
];

type Person = { first: string; last: string; display: string; emailLocal: string };

function person(rng: Rng, zh: boolean): Person {
  if (zh) {
    const [s, sp] = rng.pick(ZH_SURNAMES);
    const [g, gp] = rng.pick(ZH_GIVEN);
    return { first: g, last: s, display: `${s}${g}`, emailLocal: `${sp}.${gp}` };
  }
  const first = rng.pick(EN_FIRST);
  const last = rng.pick(EN_LAST);
  return { first, last, display: `${first} ${last}`, emailLocal: `${first}.${last}`.toLowerCase() };
}

function company(rng: Rng, zh: boolean): { name: string; domain: string } {
  if (zh) {
    const [core, py] = rng.pick(ZH_COMPANY_CORE);
    return {
      name: `${rng.pick(ZH_CITY_PREFIX)}${core}${rng.pick(ZH_COMPANY_TRADE)}有限公司`,
      domain: `${py}${rng.int(1, 99)}.cn`,
    };
  }
  const a = rng.pick(EN_COMPANY_A);
  const b = rng.pick(EN_COMPANY_B);
  return {
    name: `${a} ${b} ${rng.pick(EN_COMPANY_SUFFIX)}`,
    domain: `${`${a}${b}`.toLowerCase().replace(/[^a-z]/g, '')}${rng.int(1, 999)}.com`,
  };
}

function phone(rng: Rng, dial: string, zh: boolean): string {
  if (dial === '+86') return `+86 13${rng.int(0, 9)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
  return zh
    ? `${dial} ${rng.int(5000, 9999)} ${rng.int(1000, 9999)}`
    : `${dial} ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

/**
 * Customers, their contacts and three years of orders. Orders follow a heterogeneous
 * repeat-purchase process with drop-out (BG/NBD-like): each customer draws a purchase rate
 * λ ~ Gamma(r, α) per week and a drop-out probability p ~ Beta(a, b) after each purchase; order
 * values follow Gamma-Gamma (z ~ Gamma(p, ν), ν ~ Gamma(q, γ)). So RFM and CLV have real signal.
 */
export async function seedCustomers(ctx: SeedContext): Promise<{ orders: number; items: number; contacts: number }> {
  const { rng, anchor, scale } = ctx;
  const customers = new BulkWriter(ctx.exec, 'customers', CUSTOMER_COLUMNS);
  const contacts = new BulkWriter(ctx.exec, 'contacts', CONTACT_COLUMNS, 2000, [customers]);
  const orders = new BulkWriter(ctx.exec, 'orders', ORDER_COLUMNS, 4000, [customers]);
  const items = new BulkWriter(ctx.exec, 'order_items', ITEM_COLUMNS, 5000, [orders]);
  const start = anchor.getTime() - 3 * 365 * DAY;
  const ownerWeights = ctx.users.reps.map((id, i) => [id, 1 + (i % 3)] as const);
  const rateScale = scale.targetOrdersPerCustomer / 10;
  let orderNo = 100000;
  const report = Math.max(1, Math.floor(scale.customers / 10));

  for (let i = 0; i < scale.customers; i++) {
    const place = rng.weighted(PLACES.map((p) => [p, p.zh ? 3 : p.country === 'US' ? 4 : 1] as const));
    const zh = place.zh;
    const kind = rng.chance(0.62) ? 'person' : 'company';
    // Acquisition grows over time: more recent customers are more numerous.
    const createdAt = new Date(start + Math.sqrt(rng.next()) * (anchor.getTime() - start - DAY));
    const ownerId = rng.weighted(ownerWeights);
    const p = person(rng, zh);
    const c = company(rng, zh);
    const duplicateOf = i > 50 && rng.chance(0.01) ? ctx.customers[rng.int(0, i - 1)] : null;
    let name = kind === 'person' ? p.display : c.name;
    let email: string | null = rng.chance(0.93)
      ? kind === 'person'
        ? `${p.emailLocal}${i}@${zh ? 'mail.cn' : 'example.net'}`
        : `info@${c.domain}`
      : null;
    if (duplicateOf) {
      // A likely duplicate of an earlier customer: same name (with a variant) and the same email, other case.
      name = rng.chance(0.5)
        ? duplicateOf.name
        : `${duplicateOf.name}${duplicateOf.zh ? '' : rng.pick([' ', '.', ' Inc'])}`.trim();
      email = duplicateOf.email ? duplicateOf.email.toUpperCase() : email;
    }
    const id = rng.uuid();
    const city = rng.pick(place.cities);
    const tags = TAGS.filter(() => rng.chance(0.12));
    const consent = rng.chance(0.72);
    await customers.push([
      id,
      kind,
      name,
      email,
      rng.chance(0.88) ? phone(rng, place.dial, zh) : null,
      kind === 'company' ? `https://www.${c.domain}` : null,
      `${rng.int(1, 999)} ${zh ? rng.pick(ZH_STREETS) : rng.pick(STREETS)}`,
      city,
      null,
      String(rng.int(10000, 99999)),
      place.country,
      kind === 'company' ? rng.pick(INDUSTRIES) : null,
      rng.pick(SOURCES),
      ownerId,
      consent,
      consent ? createdAt : null,
      consent ? 'import' : null,
      tags,
      `CUST-${String(i + 1).padStart(7, '0')}`,
      createdAt,
      createdAt,
    ]);

    // Contacts: a company has 1–4 people; a person is their own primary contact.
    let contactId: string | null = null;
    const nContacts = kind === 'company' ? rng.int(1, 4) : 1;
    for (let k = 0; k < nContacts; k++) {
      const cp = kind === 'person' && k === 0 ? p : person(rng, zh);
      const cid = rng.uuid();
      if (k === 0) contactId = cid;
      await contacts.push([
        cid,
        id,
        cp.first,
        cp.last,
        rng.chance(0.9) ? `${cp.emailLocal}.${i}${k}@${kind === 'company' ? c.domain : 'example.org'}` : null,
        rng.chance(0.7) ? phone(rng, place.dial, zh) : null,
        kind === 'company' ? rng.pick(TITLES) : null,
        k === 0,
        createdAt,
        createdAt,
      ]);
    }
    ctx.customers.push({ id, ownerId, createdAt, kind, name, contactId, zh, email });

    // Purchases. 12% never buy (prospects).
    if (rng.chance(0.88)) {
      const lambda = rng.gamma(0.9, 1.8) * rateScale; // purchases per week, mean 0.5 (heterogeneous)
      const dropout = rng.beta(1, 15); // chance of leaving after each purchase, mean 1/16
      const nu = rng.gamma(4, 180); // spend scale (Gamma-Gamma q = 4, γ = 180)
      const favourite = rng.int(0, ctx.products.length - 1);
      let t = createdAt.getTime() + rng.int(0, 7) * DAY;
      let first = true;
      while (t < anchor.getTime()) {
        const value = Math.max(500, Math.round(rng.gamma(6, nu) * 100 * (kind === 'company' ? 2.2 : 1)));
        orderNo++;
        const orderId = rng.uuid();
        const orderedAt = new Date(t);
        const age = anchor.getTime() - t;
        const status = rng.chance(0.03)
          ? 'refunded'
          : rng.chance(0.02)
            ? 'cancelled'
            : age < 14 * DAY
              ? 'paid'
              : 'fulfilled';
        await orders.push([orderId, `SO-${orderNo}`, id, ownerId, status, orderedAt, 'USD', cents(value), orderedAt]);
        await writeItems(ctx, items, orderId, value, favourite);
        if (!first && rng.chance(dropout)) break;
        first = false;
        t += rng.exponential(lambda) * 7 * DAY + DAY;
      }
    }
    if ((i + 1) % report === 0) ctx.log(`  customers ${i + 1}/${scale.customers} · orders ${orders.count}`);
  }
  await customers.flush();
  await contacts.flush();
  await orders.flush();
  await items.flush();
  return { orders: orders.count, items: items.count, contacts: contacts.count };
}

/** 1–4 lines whose totals add up exactly to the order value (in cents). */
async function writeItems(ctx: SeedContext, items: BulkWriter, orderId: string, valueCents: number, favourite: number) {
  const { rng, products } = ctx;
  const picks = new Set<number>();
  picks.add(rng.chance(0.6) ? favourite : rng.int(0, products.length - 1));
  const lines = rng.weighted([
    [1, 5],
    [2, 3],
    [3, 1.5],
    [4, 0.5],
  ] as const);
  while (picks.size < lines) {
    const last = [...picks][picks.size - 1];
    picks.add(rng.chance(0.45) ? products[last].companion : rng.int(0, products.length - 1));
  }
  const chosen = [...picks];
  const weightSum = chosen.reduce((s, k) => s + products[k].cents, 0);
  let remaining = valueCents;
  for (const [j, k] of chosen.entries()) {
    const last = j === chosen.length - 1;
    let qty = !last && rng.chance(0.25) ? 2 : 1;
    let unit = last ? remaining : Math.max(1, Math.round((valueCents * products[k].cents) / weightSum / qty));
    if (!last && unit * qty >= remaining) {
      qty = 1;
      unit = Math.max(1, Math.floor(remaining / 2));
    }
    const line = unit * qty;
    remaining -= line;
    await items.push([rng.uuid(), orderId, products[k].id, qty, cents(unit), cents(line)]);
  }
}
