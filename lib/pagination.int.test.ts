import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { insertCustomer } from '@/lib/testing/fixtures';
import { countCapped } from './pagination';

setupTestDatabase();

describe('countCapped', () => {
  it('counts exactly up to the cap, and past it answers the planner estimate, never less than cap + 1', async () => {
    for (let i = 0; i < 8; i++) await insertCustomer({ ownerId: null, name: `Capped ${i}` });
    const query = db.select({ id: customers.id }).from(customers);
    expect(await countCapped(db, query, 100)).toEqual({ value: 8, exact: true });
    expect(await countCapped(db, query, 8)).toEqual({ value: 8, exact: true });
    const capped = await countCapped(db, query, 5);
    expect(capped.exact).toBe(false);
    expect(capped.value).toBeGreaterThanOrEqual(6);
  });
});
