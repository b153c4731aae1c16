import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { listAuditFacets, listAuditLog } from './queries';

setupTestDatabase();

describe('the audit log', () => {
  it('is empty for every role but admin; an admin reads it', async () => {
    const admin = await createTestUser('admin');
    await db.insert(auditLog).values({
      actorId: admin.userId,
      action: 'update',
      entity: 'settings',
      entityId: '1',
      diff: { currency: ['USD', 'EUR'] },
    });
    for (const role of ['manager', 'sales_rep', 'service_agent', 'marketer'] as const) {
      const viewer = await createTestUser(role);
      expect(await listAuditLog(viewer), role).toEqual({ rows: [], nextBefore: null });
      expect(await listAuditFacets(viewer), role).toEqual({ entities: [], actions: [], actors: [] });
    }
    const { rows } = await listAuditLog(admin);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'update', entity: 'settings', actorName: admin.name });
  });

  it('the "who" filter offers every user, deactivated ones too: what a departed user did is what one looks for', async () => {
    const admin = await createTestUser('admin');
    const gone = await createTestUser('sales_rep', { active: false });
    const { actors } = await listAuditFacets(admin);
    expect(actors).toContainEqual({ id: gone.userId, name: gone.name, active: false });
    expect(actors).toContainEqual({ id: admin.userId, name: admin.name, active: true });
  });
});
