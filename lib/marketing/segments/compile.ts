import 'server-only';
import { and, type SQL, sql } from 'drizzle-orm';
import { customerScores, customers } from '@/db/schema';
import { ALIVE_BANDS, type SegmentKey, segmentName } from '@/lib/analytics/labels';
import { currentRunId } from '@/lib/analytics/runs';
import { liveCustomer } from '@/lib/customers/visibility';
import { type Condition, FIELDS, type FieldKey, type Group } from './rules';

// Rule tree → a Drizzle SQL condition over `customers` (and the current run's customer_scores,
// left-joined as scoreJoin() says). Columns and SQL keywords come only from the tables below,
// keyed by the whitelisted field and operator; every value the user gave is a bound parameter.
// The tree is validated (SegmentRuleSchema) before it gets here.

const cs = customerScores;

/** The SQL expression of each field. Purchase facts of an unscored customer (no purchase) are 0 / null. */
const COLUMNS: Record<FieldKey, SQL> = {
  kind: sql`${customers.kind}`,
  country: sql`${customers.country}`,
  industry: sql`lower(${customers.industry})`,
  tags: sql`${customers.tags}`,
  owner: sql`${customers.ownerId}`,
  createdAt: sql`${customers.createdAt}`,
  lastOrderAt: sql`${cs.lastOrderOn}`,
  orderCount: sql`coalesce(${cs.frequency}, 0)`,
  totalSpend: sql`coalesce(${cs.monetary}, 0)`,
  // Consent that still holds: given and not withdrawn since.
  emailConsent: sql`(${customers.emailConsent} and ${customers.unsubscribedAt} is null)`,
  rfmSegment: sql`${cs.rfmSegment}`,
  valueClass: sql`${cs.valueClass}`,
  clvBand: sql`${cs.clvBand}`,
  aliveBand: sql`${cs.pAlive}`,
  cluster: sql`${cs.cluster}`,
  churnRisk: sql`${cs.churnRisk}`,
};

/** Whether a rule reads the analytics snapshot (then the query needs scoreJoin()). */
export function usesScores(rule: Group): boolean {
  return rule.children.some((c) =>
    c.type === 'group' ? usesScores(c) : FIELDS[c.field].group === 'purchases' || FIELDS[c.field].group === 'analytics',
  );
}

/** The left join of a customer to its score in the current run. */
export function scoreJoin(): SQL {
  return sql`${cs.runId} = ${currentRunId} and ${cs.customerId} = ${customers.id}`;
}

/** The stored form of a value: rfm segment keys become the names customer_scores holds; industry compares lower-cased. */
function stored(field: FieldKey, value: unknown): unknown {
  if (field === 'rfmSegment') return segmentName(value as SegmentKey);
  if (field === 'industry') return String(value).toLowerCase();
  return value;
}

const list = (values: unknown[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** A P(alive) band as a range condition on p_alive. */
function aliveIn(bands: string[]): SQL {
  return sql`(${sql.join(
    bands.map((b) => {
      const [from, to] = ALIVE_BANDS[b as keyof typeof ALIVE_BANDS];
      return sql`(${cs.pAlive} >= ${from} and ${cs.pAlive} < ${to})`;
    }),
    sql` or `,
  )})`;
}

/** Days as an interval, the count a bound parameter. */
const days = (n: number) => sql`make_interval(days => ${n}::int)`;

/** An instant at the start of a UTC day (dates of timestamps are read in UTC). */
const dayStart = (d: string, plusDays = 0) => sql`(${d}::date + ${plusDays}::int)::timestamp at time zone 'UTC'`;

function dateCondition(c: Condition, col: SQL, isTimestamp: boolean): SQL {
  const v = c.value;
  if (isTimestamp) {
    switch (c.op) {
      case 'before':
        return sql`${col} < ${dayStart(v as string)}`;
      case 'after':
        return sql`${col} >= ${dayStart(v as string, 1)}`;
      case 'between': {
        const [a, b] = v as [string, string];
        return sql`(${col} >= ${dayStart(a)} and ${col} < ${dayStart(b, 1)})`;
      }
      case 'withinLast':
        return sql`${col} >= now() - ${days(v as number)}`;
      case 'notWithinLast':
        return sql`(${col} is null or ${col} < now() - ${days(v as number)})`;
    }
  } else {
    switch (c.op) {
      case 'before':
        return sql`${col} < ${v}::date`;
      case 'after':
        return sql`${col} > ${v}::date`;
      case 'between': {
        const [a, b] = v as [string, string];
        return sql`(${col} >= ${a}::date and ${col} <= ${b}::date)`;
      }
      case 'withinLast':
        return sql`${col} >= current_date - ${v}::int`;
      case 'notWithinLast':
        return sql`(${col} is null or ${col} < current_date - ${v}::int)`;
    }
  }
  throw new Error(`operator ${c.op} is not a date operator`);
}

/** One condition. Negative operators (neq) include empty values: "not US" includes no country. */
export function compileCondition(c: Condition): SQL {
  const def = FIELDS[c.field];
  const col = COLUMNS[c.field];
  const v = c.value;
  if (c.op === 'isEmpty') {
    const empty =
      def.type === 'tags'
        ? sql`cardinality(${col}) = 0`
        : def.type === 'text'
          ? sql`coalesce(${col}, '') = ''`
          : sql`${col} is null`;
    return v ? empty : sql`not (${empty})`;
  }
  if (def.type === 'boolean') return v ? sql`${col}` : sql`not ${col}`;
  if (def.type === 'date') return dateCondition(c, col, c.field === 'createdAt');
  if (c.field === 'aliveBand') {
    const bands = c.op === 'in' ? (v as string[]) : [v as string];
    return c.op === 'neq' ? sql`not coalesce(${aliveIn(bands)}, false)` : aliveIn(bands);
  }
  if (def.type === 'tags') {
    const tags = c.op === 'in' ? (v as string[]) : [v as string];
    return c.op === 'contains'
      ? sql`${col} @> array[${list(tags)}]::text[]`
      : sql`${col} && array[${list(tags)}]::text[]`;
  }
  switch (c.op) {
    case 'eq':
      return sql`${col} = ${stored(c.field, v)}`;
    case 'neq':
      return sql`${col} is distinct from ${stored(c.field, v)}`;
    case 'in':
      return sql`${col} in (${list((v as unknown[]).map((x) => stored(c.field, x)))})`;
    case 'contains': {
      // A substring, case-insensitively; LIKE's wildcards in the value are matched literally.
      const escaped = String(v).replace(/[\\%_]/g, (m) => `\\${m}`);
      return sql`${col} ilike ${`%${escaped}%`}`;
    }
    case 'gt':
      return sql`${col} > ${v}`;
    case 'gte':
      return sql`${col} >= ${v}`;
    case 'lt':
      return sql`${col} < ${v}`;
    case 'lte':
      return sql`${col} <= ${v}`;
    case 'between': {
      const [a, b] = v as [number, number];
      return sql`${col} between ${a} and ${b}`;
    }
  }
  throw new Error(`operator ${c.op} is not allowed for ${c.field}`);
}

/** A group: all (AND) or any (OR) of its children; an empty group matches every customer. */
export function compileGroup(group: Group): SQL {
  const parts = group.children.map((c) => (c.type === 'group' ? compileGroup(c) : compileCondition(c)));
  if (parts.length === 0) return sql`true`;
  return sql`(${sql.join(parts, group.match === 'all' ? sql` and ` : sql` or `)})`;
}

/** The members of a segment: live customers matching the rule (marketing roles see every customer). */
export function segmentWhere(rule: Group): SQL {
  return and(liveCustomer(), compileGroup(rule)) as SQL;
}
