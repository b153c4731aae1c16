import { readdirSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { activities, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import {
  createCustomerAction,
  deleteCustomerAction,
  restoreCustomerAction,
  updateCustomerAction,
} from '@/lib/customers/customer-actions';
import { DEFINED_ACTION } from '@/lib/define-action';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { logActivityAction } from './customers/activity-actions';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

/** Every `*-actions.ts` module under lib/ but the sign-in ones (login runs before there is a viewer). */
function actionModules(): string[] {
  const root = path.resolve(import.meta.dirname);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('-actions.ts') && entry.name !== 'session-actions.ts') found.push(full);
    }
  };
  walk(root);
  return found;
}

let admin: Viewer, rep: Viewer, marketer: Viewer;
beforeAll(async () => {
  [admin, rep, marketer] = await Promise.all([
    createTestUser('admin'),
    createTestUser('sales_rep'),
    createTestUser('marketer'),
  ]);
});

const customerCount = async () => (await db.select({ n: count() }).from(customers))[0].n;

describe('defineAction: one shape for every server action', () => {
  it('every exported server action is built with defineAction or defineFormAction', async () => {
    const modules = actionModules();
    expect(modules.length).toBeGreaterThanOrEqual(8);
    for (const file of modules) {
      const exported = await import(file);
      for (const [name, value] of Object.entries(exported)) {
        expect({
          file: path.basename(file),
          name,
          wrapped: Boolean((value as Record<symbol, unknown>)[DEFINED_ACTION]),
        }).toEqual({ file: path.basename(file), name, wrapped: true });
      }
    }
  });

  it('a form action sent something other than FormData answers invalid (crafted JSON body), for every form action', async () => {
    signInAs(admin);
    let formActions = 0;
    for (const file of actionModules()) {
      for (const action of Object.values(await import(file)) as ((...args: unknown[]) => Promise<unknown>)[]) {
        if (action.length !== 2) continue;
        formActions++;
        for (const body of ['a string', { ok: false }, null, 42, ['x']]) {
          await expect(action({ ok: false }, body)).resolves.toMatchObject({ ok: false, reason: 'invalid' });
        }
      }
    }
    expect(formActions).toBeGreaterThanOrEqual(8);
  });

  it('checks the permission before it parses: a marketer deleting or restoring gets forbidden, even with a malformed id', async () => {
    signInAs(marketer);
    const c = await insertCustomer({ ownerId: null, name: 'Keep me' });
    for (const id of [c.id, 'not-a-uuid', { id: c.id }]) {
      expect(await deleteCustomerAction(id)).toMatchObject({ ok: false, reason: 'forbidden', message: 'forbidden' });
      expect(await restoreCustomerAction(id)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    const [row] = await db.select({ deletedAt: customers.deletedAt }).from(customers).where(eq(customers.id, c.id));
    expect(row.deletedAt).toBeNull();
  });

  it('refuses NUL and damaged text (U+FFFD, lone surrogates) next to the field, and writes nothing', async () => {
    signInAs(rep);
    const before = await customerCount();
    for (const name of ['a\u0000b', 'caf\uFFFD', 'x\uD800']) {
      const state = await createCustomerAction(initial, form({ kind: 'company', name, city: 'Berlin' }));
      expect(state).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { name: ['invalidCharacters'] } });
      expect(state.values).toMatchObject({ city: 'Berlin' });
    }
    expect(await customerCount()).toBe(before);

    const c = await insertCustomer({ ownerId: rep.userId, name: 'Activity target' });
    const state = await logActivityAction(
      initial,
      form({ customerId: c.id, type: 'note', subject: 'ok', body: 'bad \u0000 byte' }),
    );
    expect(state).toMatchObject({ ok: false, fieldErrors: { body: ['invalidCharacters'] } });
    expect(await db.select().from(activities).where(eq(activities.customerId, c.id))).toHaveLength(0);
  });

  it('dates outside years 1900–2200 and absurd versions are field errors, never a database error', async () => {
    signInAs(rep);
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Date target' });
    for (const dueAt of ['0000-01-01T10:00', '9999-12-31T23:59', '+275760-09-13T00:00']) {
      const state = await logActivityAction(
        initial,
        form({ customerId: c.id, type: 'task', subject: 'Call back', dueAt }),
      );
      expect(state).toMatchObject({ ok: false, reason: 'invalid' });
      expect(state.fieldErrors?.dueAt).toBeDefined();
    }
    for (const version of ['1e308', '99999999999', '-1', '1.5']) {
      const state = await updateCustomerAction(initial, form({ id: c.id, version, kind: 'company', name: 'X' }));
      expect(state).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { version: expect.any(Array) } });
    }
    expect(await db.select().from(activities).where(eq(activities.customerId, c.id))).toHaveLength(0);
  });

  it('maps each failure reason to one message, a field error where it belongs to a field', async () => {
    signInAs(admin);
    const state = await createCustomerAction(
      initial,
      form({ kind: 'company', name: 'Owned by a marketer', ownerId: marketer.userId }),
    );
    expect(state).toMatchObject({
      ok: false,
      reason: 'ownerInactive',
      message: 'ownerInactive',
      fieldErrors: { ownerId: ['owner'] },
      values: { name: 'Owned by a marketer' },
    });
  });
});
