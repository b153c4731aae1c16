import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { getTeamCounts } from './home';

setupTestDatabase();

describe('home: team counts', () => {
  it('are null for reps, service agents and marketers; managers and admins see each rep and agent', async () => {
    const rep = await createTestUser('sales_rep');
    await insertCustomer({ ownerId: rep.userId });
    for (const role of ['sales_rep', 'service_agent', 'marketer'] as const)
      expect(await getTeamCounts(await createTestUser(role)), role).toBeNull();
    for (const role of ['manager', 'admin'] as const) {
      const team = await getTeamCounts(await createTestUser(role));
      expect(team?.find((r) => r.userId === rep.userId)).toMatchObject({ customers: 1 });
    }
  });
});
