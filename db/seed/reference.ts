import { BulkWriter } from './bulk';
import { cents, type SeedContext } from './context';
import { PRODUCT_CATALOG } from './names';

export const DEMO_PASSWORD = 'lodestar-demo';
/**
 * argon2id hash of DEMO_PASSWORD, computed once (lib/auth/password.ts's parameters are inside it).
 * A constant keeps db/ free of lib/ imports; lib/auth/password.unit.test.ts checks that it verifies.
 */
export const DEMO_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Ga5Lu3jmeh14e3yw+tviNw$0oyIBpi907VIW8zekoSWvUMz9HmfavQhKEJLYpMFF9M';

const STAFF_FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Avery',
  'Quinn',
  'Harper',
  'Rowan',
  'Emerson',
  'Finley',
  'Dakota',
];
const STAFF_LAST = [
  'Chen',
  'Patel',
  'Okafor',
  'Novak',
  'Silva',
  'Kowalski',
  'Nguyen',
  'Fischer',
  'Haddad',
  'Larsen',
  'Moreau',
  'Tanaka',
  'Rossi',
  'Byrne',
  'Lin',
];

export type SeedUser = { id: string; email: string; name: string; role: string; active: boolean };

/** Users for every role. The first of each role gets a short, documented email (see README). */
export async function seedUsers(ctx: SeedContext, passwordHash: string): Promise<SeedUser[]> {
  const { rng, scale } = ctx;
  const people: SeedUser[] = [];
  let n = 0;
  const add = (role: string, email: string, active = true) => {
    const name = `${STAFF_FIRST[n % STAFF_FIRST.length]} ${STAFF_LAST[(n * 7 + 3 + Math.floor(n / STAFF_FIRST.length)) % STAFF_LAST.length]}`;
    n++;
    const user = { id: rng.uuid(), email, name, role, active };
    people.push(user);
    return user.id;
  };
  ctx.users.admin = add('admin', 'admin@lodestar.test');
  for (let i = 0; i < scale.managers; i++)
    ctx.users.managers.push(add('manager', i === 0 ? 'manager@lodestar.test' : `manager${i + 1}@lodestar.test`));
  for (let i = 0; i < scale.reps; i++)
    ctx.users.reps.push(add('sales_rep', i === 0 ? 'rep@lodestar.test' : `rep${i + 1}@lodestar.test`));
  for (let i = 0; i < scale.agents; i++)
    ctx.users.agents.push(add('service_agent', i === 0 ? 'agent@lodestar.test' : `agent${i + 1}@lodestar.test`));
  for (let i = 0; i < scale.marketers; i++)
    ctx.users.marketers.push(add('marketer', i === 0 ? 'marketer@lodestar.test' : `marketer${i + 1}@lodestar.test`));
  add('sales_rep', 'former@lodestar.test', false); // a deactivated account: it must be refused

  const w = new BulkWriter(ctx.exec, 'users', ['id', 'email', 'name', 'password_hash', 'role', 'active', 'created_at']);
  for (const u of people)
    await w.push([
      u.id,
      u.email,
      u.name,
      passwordHash,
      u.role,
      u.active,
      new Date(ctx.anchor.getTime() - 1000 * 86_400_000),
    ]);
  await w.flush();
  return people;
}

export async function seedReference(ctx: SeedContext): Promise<void> {
  const { rng } = ctx;
  await ctx.exec(
    `UPDATE settings SET company_name = 'Lodestar Demo Co.', currency = 'USD', fiscal_year_start_month = 1 WHERE id = 1`,
  );

  // English and 简体中文 names (GLOSSARY: 确认 for qualify, 赢单 / 输单 for won / lost).
  const stageDefs: [string, string, number, boolean, boolean, number | null][] = [
    ['Prospecting', '初步接洽', 10, false, false, 30],
    ['Qualification', '需求确认', 20, false, false, 21],
    ['Proposal', '方案报价', 40, false, false, 14],
    ['Negotiation', '商务谈判', 60, false, false, 14],
    ['Commit', '承诺成交', 80, false, false, 10],
    ['Closed Won', '赢单', 100, true, false, null],
    ['Closed Lost', '输单', 0, false, true, null],
  ];
  const stages = new BulkWriter(ctx.exec, 'pipeline_stages', [
    'id',
    'name',
    'names',
    'position',
    'probability',
    'is_won',
    'is_lost',
    'rotting_days',
  ]);
  for (const [i, [name, nameZh, probability, isWon, isLost, rottingDays]] of stageDefs.entries()) {
    const id = rng.uuid();
    ctx.stages.push({ id, name, position: i + 1, probability, isWon, isLost });
    await stages.push([id, name, JSON.stringify({ 'zh-CN': nameZh }), i + 1, probability, isWon, isLost, rottingDays]);
  }
  await stages.flush();

  // Business hours: Mon–Fri 09:00–17:00 in London, closed on Christmas, Boxing Day and New Year's Day
  // around the anchor. Every policy counts in it (targets are business time: "3 days" = 3 × 8 h).
  const office = [{ start: '09:00', end: '17:00' }];
  const year = ctx.anchor.getUTCFullYear();
  const holidays = [year - 3, year - 2, year - 1, year].flatMap((y) => [`${y}-12-25`, `${y}-12-26`, `${y + 1}-01-01`]);
  ctx.calendar = { timeZone: 'Europe/London', periods: [office, office, office, office, office, [], []], holidays };
  const calendarId = rng.uuid();
  const calendars = new BulkWriter(ctx.exec, 'business_calendars', ['id', 'name', 'time_zone', 'periods', 'holidays']);
  await calendars.push([
    calendarId,
    'Office hours',
    ctx.calendar.timeZone,
    JSON.stringify(ctx.calendar.periods),
    holidays,
  ]);
  await calendars.flush();

  const slaDefs = [
    ['urgent', 'Urgent: 1 h / 8 h', 60, 480],
    ['high', 'High: 4 h / 2 days', 240, 960],
    ['normal', 'Normal: 8 h / 3 days', 480, 1440],
    ['low', 'Low: 2 days / 5 days', 960, 2400],
  ] as const;
  const sla = new BulkWriter(ctx.exec, 'sla_policies', [
    'id',
    'name',
    'priority',
    'first_response_minutes',
    'resolution_minutes',
    'calendar_id',
  ]);
  for (const [priority, name, first, resolution] of slaDefs) {
    const id = rng.uuid();
    ctx.sla[priority] = { id, firstMinutes: first, resolutionMinutes: resolution };
    await sla.push([id, name, priority, first, resolution, calendarId]);
  }
  await sla.flush();

  const products = new BulkWriter(ctx.exec, 'products', ['id', 'sku', 'name', 'category', 'unit_price', 'description']);
  let sku = 1;
  for (const group of PRODUCT_CATALOG) {
    const start = ctx.products.length;
    for (const [name, price] of group.items) {
      const id = rng.uuid();
      // Each product has a companion in its category that is often bought with it (basket rules).
      const companion = start + ((ctx.products.length - start + 1) % group.items.length);
      ctx.products.push({ id, name, cents: price * 100, category: group.category, companion });
      await products.push([
        id,
        `SKU-${String(sku++).padStart(4, '0')}`,
        name,
        group.category,
        cents(price * 100),
        `${name} (${group.category.toLowerCase()})`,
      ]);
    }
  }
  await products.flush();
}
