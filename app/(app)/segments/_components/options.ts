import 'server-only';
import type { Viewer } from '@/lib/auth/permissions';
import { listCustomerFacets } from '@/lib/customers/customers';
import { CUSTOMER_OWNER_ROLES } from '@/lib/customers/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import type { BuilderOptions } from './segment-editor';

/** The choices the rule builder offers: owners, known countries and industries. */
export async function builderOptions(viewer: Viewer): Promise<BuilderOptions> {
  const [owners, facets] = await Promise.all([listAssignableUsers(CUSTOMER_OWNER_ROLES), listCustomerFacets(viewer)]);
  return {
    owners: owners.map((o) => ({ id: o.id, name: o.name })),
    countries: facets.countries,
    industries: facets.industries,
  };
}
