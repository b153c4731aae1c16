import 'server-only';
import { and, ne, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { customers, type LeadDuplicate, leads } from '@/db/schema';
import { liveCustomer } from '@/lib/customers/visibility';
import { liveLead } from '@/lib/sales/visibility';
import { phoneDigitsExpr } from '@/lib/search/match';
import { leadName } from './names';

/** At most this many look-alikes are kept on a lead (the page lists them; the convert form offers the customers). */
const MAX_DUPLICATES = 5;

export type DuplicateProbe = {
  firstName: string;
  lastName: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
};

const digitsOf = (phone: string | null) => (phone ? phone.replace(/\D/g, '') : '');

/**
 * Existing leads (same email) and live customers (same email, same phone digits, or a name equal
 * to the lead's company or full name, ignoring case) the lead looks like. Each probe is an index
 * lookup (leads_email_lower_idx, customers_email_lower_idx, customers_phone_digits_idx,
 * customers_name_sort_idx). Runs inside the saving transaction: `executor` is that transaction.
 */
export async function findLeadDuplicates(
  executor: Db | Tx,
  probe: DuplicateProbe,
  excludeLeadId: string | null,
): Promise<LeadDuplicate[]> {
  const email = probe.email?.trim().toLowerCase() || null;
  const digits = digitsOf(probe.phone);
  const fullName = leadName(probe.firstName, probe.lastName).trim().toLowerCase();
  const names = [...new Set([probe.company?.trim().toLowerCase(), fullName].filter((n): n is string => Boolean(n)))];

  const found: LeadDuplicate[] = [];
  if (email) {
    const sameEmail = await executor
      .select({ id: leads.id, first: leads.firstName, last: leads.lastName })
      .from(leads)
      .where(
        and(
          sql`lower(${leads.email}) = ${email}`,
          liveLead(),
          excludeLeadId ? ne(leads.id, excludeLeadId) : undefined,
        ) as SQL,
      )
      .limit(MAX_DUPLICATES);
    for (const l of sameEmail) found.push({ kind: 'lead', id: l.id, name: leadName(l.first, l.last), match: 'email' });
  }
  const customerMatches: SQL[] = [];
  if (email) customerMatches.push(sql`(lower(${customers.email}) = ${email})`);
  // Short numbers (an extension) would match too many customers to mean anything.
  if (digits.length >= 6) customerMatches.push(sql`(${phoneDigitsExpr(customers.phone)} = ${digits})`);
  for (const name of names) customerMatches.push(sql`(lower(${customers.name}) = ${name})`);
  if (customerMatches.length) {
    const matches = await executor
      .select({
        id: customers.id,
        name: customers.name,
        email: customers.email,
        phone: customers.phone,
      })
      .from(customers)
      .where(and(liveCustomer(), sql`(${sql.join(customerMatches, sql` or `)})`))
      .limit(MAX_DUPLICATES);
    for (const c of matches) {
      const match =
        email && c.email?.toLowerCase() === email ? 'email' : digits && digitsOf(c.phone) === digits ? 'phone' : 'name';
      found.push({ kind: 'customer', id: c.id, name: c.name, match });
    }
  }
  // Customers first: they are what a conversion can attach to.
  return found.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'customer' ? -1 : 1)).slice(0, MAX_DUPLICATES);
}
