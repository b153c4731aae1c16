import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { contacts } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { createContactAction, deleteContactAction, updateContactAction } from './contact-actions';
import { getContact } from './contacts';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

let rep: Viewer, rep2: Viewer, manager: Viewer, agent: Viewer, marketer: Viewer;
beforeAll(async () => {
  [rep, rep2, manager, agent, marketer] = await Promise.all([
    createTestUser('sales_rep'),
    createTestUser('sales_rep'),
    createTestUser('manager'),
    createTestUser('service_agent'),
    createTestUser('marketer'),
  ]);
});

async function customerWithContact(ownerId: string) {
  const customer = await insertCustomer({ ownerId });
  const [contact] = await db
    .insert(contacts)
    .values({ customerId: customer.id, firstName: 'Lin', email: 'lin@example.com' })
    .returning();
  return { customer, contact };
}
const liveContacts = async (customerId: string) =>
  (await db.select().from(contacts).where(eq(contacts.customerId, customerId))).filter((c) => c.deletedAt === null);

describe('contacts: who may add, edit and remove them', () => {
  it('the owner rep adds, edits and removes contacts of their customer', async () => {
    const { customer, contact } = await customerWithContact(rep.userId);
    signInAs(rep);
    expect(await getContact(rep, contact.id)).toMatchObject({ canEdit: true, canDelete: true });
    expect(await createContactAction(initial, form({ customerId: customer.id, firstName: 'Mo' }))).toMatchObject({
      ok: true,
    });
    expect(
      await updateContactAction(initial, form({ id: contact.id, version: '1', firstName: 'Lin', title: 'CFO' })),
    ).toMatchObject({ ok: true });
    expect(await deleteContactAction(contact.id)).toMatchObject({ ok: true });
    expect((await liveContacts(customer.id)).map((c) => c.firstName)).toEqual(['Mo']);
  });

  it('a service agent edits contact details on any customer, but cannot add or remove contacts (crafted calls)', async () => {
    const { customer, contact } = await customerWithContact(rep.userId);
    signInAs(agent);
    expect(await getContact(agent, contact.id)).toMatchObject({ canEdit: true, canDelete: false });
    expect(
      await updateContactAction(
        initial,
        form({ id: contact.id, version: '1', firstName: 'Lin', phone: '+49 30 1234567' }),
      ),
    ).toMatchObject({ ok: true });
    expect(await createContactAction(initial, form({ customerId: customer.id, firstName: 'Intruder' }))).toMatchObject({
      ok: false,
      message: 'forbidden',
    });
    expect(await deleteContactAction(contact.id)).toMatchObject({ ok: false, message: 'forbidden' });
    const live = await liveContacts(customer.id);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ firstName: 'Lin', phone: '+49 30 1234567', deletedAt: null });
  });

  it('a rep cannot add, edit or remove contacts of another rep’s customer', async () => {
    const { customer, contact } = await customerWithContact(rep.userId);
    signInAs(rep2);
    expect(await getContact(rep2, contact.id)).toMatchObject({ canEdit: false, canDelete: false });
    expect(await createContactAction(initial, form({ customerId: customer.id, firstName: 'Intruder' }))).toMatchObject({
      ok: false,
      message: 'forbidden',
    });
    expect(
      await updateContactAction(initial, form({ id: contact.id, version: '1', firstName: 'Hijacked' })),
    ).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await deleteContactAction(contact.id)).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await liveContacts(customer.id)).toMatchObject([{ firstName: 'Lin', version: 1 }]);
  });

  it('a marketer cannot add, edit or remove contacts', async () => {
    const { customer, contact } = await customerWithContact(rep.userId);
    signInAs(marketer);
    expect(await createContactAction(initial, form({ customerId: customer.id, firstName: 'Intruder' }))).toMatchObject({
      ok: false,
      message: 'forbidden',
    });
    expect(
      await updateContactAction(initial, form({ id: contact.id, version: '1', firstName: 'Hijacked' })),
    ).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await deleteContactAction(contact.id)).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await liveContacts(customer.id)).toMatchObject([{ firstName: 'Lin', version: 1 }]);
  });

  it('a manager adds and removes contacts on any customer', async () => {
    const { customer, contact } = await customerWithContact(rep2.userId);
    signInAs(manager);
    expect(await createContactAction(initial, form({ customerId: customer.id, firstName: 'Added' }))).toMatchObject({
      ok: true,
    });
    expect(await deleteContactAction(contact.id)).toMatchObject({ ok: true });
    expect((await liveContacts(customer.id)).map((c) => c.firstName)).toEqual(['Added']);
  });
});
