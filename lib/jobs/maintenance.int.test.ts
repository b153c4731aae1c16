import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { loginAttempts, userSessions } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { pruneAuthRecords } from './maintenance';

setupTestDatabase();

describe('pruning auth records', () => {
  it('deletes login attempts older than 7 days and expired sessions; keeps recent attempts and live sessions', async () => {
    const user = await createTestUser('sales_rep');
    await db.insert(loginAttempts).values([
      { email: 'a@example.com', ip: '10.0.0.1', success: false, at: sql`now() - interval '8 days'` },
      { email: 'a@example.com', ip: '10.0.0.1', success: true, at: sql`now() - interval '30 days'` },
      { email: 'a@example.com', ip: '10.0.0.1', success: false, at: sql`now() - interval '1 hour'` },
    ]);
    await db.insert(userSessions).values([
      { userId: user.userId, expiresAt: sql`now() - interval '1 minute'` },
      { userId: user.userId, expiresAt: sql`now() + interval '1 hour'` },
    ]);
    expect(await pruneAuthRecords()).toEqual({ loginAttempts: 2, sessions: 1 });
    expect(await db.select().from(loginAttempts)).toHaveLength(1);
    expect(await db.select().from(userSessions)).toHaveLength(1);
    expect(await pruneAuthRecords()).toEqual({ loginAttempts: 0, sessions: 0 });
  });
});
