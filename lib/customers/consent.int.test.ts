import { eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { contacts, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { createContactAction, updateContactAction } from './contact-actions';
import { createCustomerAction, updateCustomerAction } from './customer-actions';
import { getCustomer } from './customers';
import { mergeCustomers } from './duplicates/merge';
import { importCustomerChunk } from './import/customers-import';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

// An unsubscribe is the person's own decision: no import, merge or staff edit may undo it (issue 13).
// Only the person re-subscribes, on the public page, which clears unsubscribed_at.

const UNSUBSCRIBED = new Date('2026-03-01T10:00:00Z');
const CONSENTED = new Date('2025-06-01T10:00:00Z');

let manager: Viewer;
beforeAll(async () => {
  manager = await createTestUser('manager');
});
beforeEach(() => signInAs(null));

async function consentOf(id: string) {
  const [row] = await db
    .select({
      emailConsent: customers.emailConsent,
      consentAt: customers.consentAt,
      consentSource: customers.consentSource,
      unsubscribedAt: customers.unsubscribedAt,
      version: customers.version,
    })
    .from(customers)
    .where(eq(customers.id, id));
  return row;
}

describe('an import never turns an unsubscribed customer back on', () => {
  it('consent "yes" for an unsubscribed customer is kept off (the row’s other cells still apply) and reported', async () => {
    const gone = await insertCustomer({
      ownerId: manager.userId,
      email: 'gone@consent.example',
      unsubscribedAt: UNSUBSCRIBED,
    });
    const result = await importCustomerChunk(manager, [
      { line: 2, values: { name: 'Gone Ltd', email: 'gone@consent.example', city: 'Lyon', emailConsent: 'yes' } },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.chunk).toMatchObject({ created: 0, updated: 1, rejected: [], consentKept: [2] });
    const after = await consentOf(gone.id);
    expect(after).toMatchObject({ emailConsent: false, consentAt: null, unsubscribedAt: UNSUBSCRIBED });
    const [{ city }] = await db.select({ city: customers.city }).from(customers).where(eq(customers.id, gone.id));
    expect(city).toBe('Lyon');
  });

  it('an unsubscribed customer whose row changes nothing else stays unchanged, still counted as kept off', async () => {
    const gone = await insertCustomer({
      ownerId: manager.userId,
      name: 'Same',
      email: 'same@consent.example',
      unsubscribedAt: UNSUBSCRIBED,
    });
    const result = await importCustomerChunk(manager, [
      { line: 7, values: { name: 'Same', email: 'same@consent.example', emailConsent: '是' } },
    ]);
    expect(result.ok && result.chunk).toMatchObject({ updated: 0, unchanged: 1, consentKept: [7] });
    expect(await consentOf(gone.id)).toMatchObject({ emailConsent: false, version: gone.version });
  });

  it('grants consent to a customer who never unsubscribed (new or stored), with the time; "no" withdraws it', async () => {
    const stored = await insertCustomer({ ownerId: manager.userId, email: 'keen@consent.example' });
    const had = await insertCustomer({
      ownerId: manager.userId,
      email: 'had@consent.example',
      emailConsent: true,
      consentAt: CONSENTED,
    });
    const result = await importCustomerChunk(manager, [
      { line: 2, values: { name: 'Keen', email: 'keen@consent.example', emailConsent: 'true' } },
      { line: 3, values: { name: 'New One', email: 'new@consent.example', emailConsent: 'Yes' } },
      { line: 4, values: { name: 'Had', email: 'had@consent.example', emailConsent: 'no' } },
      { line: 5, values: { name: 'Blank', email: 'blank@consent.example', emailConsent: '' } },
    ]);
    expect(result.ok && result.chunk).toMatchObject({ created: 2, updated: 2, rejected: [], consentKept: [] });
    const keen = await consentOf(stored.id);
    expect(keen.emailConsent).toBe(true);
    expect(keen.consentAt).toBeInstanceOf(Date);
    expect(await consentOf(had.id)).toMatchObject({ emailConsent: false, consentAt: null, unsubscribedAt: null });
    const created = await db
      .select({ email: customers.email, emailConsent: customers.emailConsent, consentAt: customers.consentAt })
      .from(customers)
      .where(inArray(customers.email, ['new@consent.example', 'blank@consent.example']))
      .orderBy(customers.email);
    expect(created.map((c) => [c.email, c.emailConsent, c.consentAt !== null])).toEqual([
      ['blank@consent.example', false, false],
      ['new@consent.example', true, true],
    ]);
  });

  it('a consent cell that is neither yes nor no rejects its row', async () => {
    const result = await importCustomerChunk(manager, [
      { line: 2, values: { name: 'Maybe', email: 'maybe@consent.example', emailConsent: 'perhaps' } },
    ]);
    expect(result.ok && result.chunk.rejected).toEqual([
      { line: 2, errors: [{ field: 'emailConsent', reason: 'consent' }] },
    ]);
  });
});

describe('a merge keeps the most restrictive consent', () => {
  async function pair(a: Partial<typeof customers.$inferInsert>, b: Partial<typeof customers.$inferInsert>) {
    const ra = await insertCustomer({ ownerId: manager.userId, ...a });
    const rb = await insertCustomer({ ownerId: manager.userId, ...b });
    return { ra, rb };
  }

  it('the loser unsubscribed: the survivor is unsubscribed, even when the merge chose the survivor’s opt-in', async () => {
    const { ra, rb } = await pair(
      { emailConsent: true, consentAt: CONSENTED },
      { emailConsent: false, unsubscribedAt: UNSUBSCRIBED },
    );
    const result = await mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: { emailConsent: 'a' },
    });
    expect(result.ok).toBe(true);
    expect(await consentOf(ra.id)).toMatchObject({
      emailConsent: false,
      consentAt: null,
      unsubscribedAt: UNSUBSCRIBED,
    });
  });

  it('the survivor unsubscribed: choosing the loser’s opt-in does not turn it back on', async () => {
    const { ra, rb } = await pair(
      { emailConsent: false, unsubscribedAt: UNSUBSCRIBED },
      { emailConsent: true, consentAt: CONSENTED },
    );
    await mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: { emailConsent: 'b' },
    });
    expect(await consentOf(ra.id)).toMatchObject({
      emailConsent: false,
      consentAt: null,
      unsubscribedAt: UNSUBSCRIBED,
    });
  });

  it('both unsubscribed: the later unsubscribe is kept', async () => {
    const later = new Date('2026-05-01T00:00:00Z');
    const { ra, rb } = await pair({ unsubscribedAt: UNSUBSCRIBED }, { unsubscribedAt: later });
    await mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: {},
    });
    expect(await consentOf(ra.id)).toMatchObject({ emailConsent: false, unsubscribedAt: later });
  });

  it('only the loser consented: the merged customer has no consent (the survivor never gave it)', async () => {
    const { ra, rb } = await pair({ emailConsent: false }, { emailConsent: true, consentAt: CONSENTED });
    await mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: { emailConsent: 'b' },
    });
    expect(await consentOf(ra.id)).toMatchObject({ emailConsent: false, consentAt: null, unsubscribedAt: null });
  });

  it('the survivor’s valid consent stays when nobody unsubscribed', async () => {
    const { ra, rb } = await pair({ emailConsent: true, consentAt: CONSENTED }, { emailConsent: false });
    await mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: {},
    });
    expect(await consentOf(ra.id)).toMatchObject({ emailConsent: true, consentAt: CONSENTED, unsubscribedAt: null });
  });
});

describe('a staff edit cannot re-subscribe someone who unsubscribed', () => {
  function editForm(c: { id: string; version: number; name: string }, consent: boolean) {
    return form({
      id: c.id,
      version: String(c.version),
      kind: 'company',
      name: c.name,
      ...(consent ? { emailConsent: 'on' } : {}),
    });
  }

  it('ticking consent on an unsubscribed customer is refused on the field; nothing is written', async () => {
    const gone = await insertCustomer({ ownerId: manager.userId, name: 'Gone Co', unsubscribedAt: UNSUBSCRIBED });
    signInAs(manager);
    const state = await updateCustomerAction(initial, editForm(gone, true));
    expect(state.ok).toBe(false);
    expect(state.fieldErrors?.emailConsent).toEqual(['consentUnsubscribed']);
    expect(await consentOf(gone.id)).toMatchObject({
      emailConsent: false,
      unsubscribedAt: UNSUBSCRIBED,
      version: gone.version,
    });
  });

  it('other edits of an unsubscribed customer still save, and it stays unsubscribed', async () => {
    const gone = await insertCustomer({ ownerId: manager.userId, name: 'Gone Two', unsubscribedAt: UNSUBSCRIBED });
    signInAs(manager);
    const state = await updateCustomerAction(initial, editForm({ ...gone, name: 'Gone Two Renamed' }, false));
    expect(state.ok).toBe(true);
    expect(await consentOf(gone.id)).toMatchObject({ emailConsent: false, unsubscribedAt: UNSUBSCRIBED });
    expect(await getCustomer(manager, gone.id)).toMatchObject({
      name: 'Gone Two Renamed',
      unsubscribedAt: UNSUBSCRIBED,
    });
  });

  it('a customer who never unsubscribed can be given consent by staff', async () => {
    const keen = await insertCustomer({ ownerId: manager.userId, name: 'Keen Co' });
    signInAs(manager);
    expect((await updateCustomerAction(initial, editForm(keen, true))).ok).toBe(true);
    expect((await consentOf(keen.id)).emailConsent).toBe(true);
  });
});

describe('consent_source is written wherever consent is given', () => {
  const merge = (ra: { id: string; version: number }, rb: { id: string; version: number }) =>
    mergeCustomers(manager, {
      a: ra.id,
      b: rb.id,
      aVersion: ra.version,
      bVersion: rb.version,
      survivor: 'a',
      choices: {},
    });

  it('the create and edit forms: "manual"; unticking clears it', async () => {
    signInAs(manager);
    const state = await createCustomerAction(
      initial,
      form({ kind: 'company', name: 'Source Manual Co', emailConsent: 'on' }),
    );
    expect(state.ok).toBe(true);
    const [made] = await db.select({ id: customers.id }).from(customers).where(eq(customers.name, 'Source Manual Co'));
    expect(await consentOf(made.id)).toMatchObject({ emailConsent: true, consentSource: 'manual' });

    const edited = await insertCustomer({ ownerId: manager.userId, name: 'Source Edit Co' });
    const ticked = form({
      id: edited.id,
      version: String(edited.version),
      kind: 'company',
      name: edited.name,
      emailConsent: 'on',
    });
    expect((await updateCustomerAction(initial, ticked)).ok).toBe(true);
    const after = await consentOf(edited.id);
    expect(after).toMatchObject({ emailConsent: true, consentSource: 'manual' });
    const unticked = form({ id: edited.id, version: String(after.version), kind: 'company', name: edited.name });
    expect((await updateCustomerAction(initial, unticked)).ok).toBe(true);
    expect(await consentOf(edited.id)).toMatchObject({ emailConsent: false, consentAt: null, consentSource: null });
  });

  it('the CSV import: "import" for new and newly consenting customers; an earlier consent keeps its source', async () => {
    const stored = await insertCustomer({ ownerId: manager.userId, email: 'src-stored@consent.example' });
    const had = await insertCustomer({
      ownerId: manager.userId,
      email: 'src-had@consent.example',
      emailConsent: true,
      consentAt: CONSENTED,
      consentSource: 'form',
    });
    const result = await importCustomerChunk(manager, [
      { line: 2, values: { name: 'Src New', email: 'src-new@consent.example', emailConsent: 'yes' } },
      { line: 3, values: { name: 'Src Stored', email: 'src-stored@consent.example', emailConsent: 'yes' } },
      { line: 4, values: { name: 'Src Had', email: 'src-had@consent.example', emailConsent: 'yes' } },
    ]);
    expect(result.ok).toBe(true);
    const [created] = await db
      .select({ consentSource: customers.consentSource })
      .from(customers)
      .where(eq(customers.email, 'src-new@consent.example'));
    expect(created.consentSource).toBe('import');
    expect(await consentOf(stored.id)).toMatchObject({ emailConsent: true, consentSource: 'import' });
    expect(await consentOf(had.id)).toMatchObject({ emailConsent: true, consentAt: CONSENTED, consentSource: 'form' });
  });

  it('a merge keeps the survivor’s consent with its source, or none when either unsubscribed', async () => {
    const ra = await insertCustomer({
      ownerId: manager.userId,
      emailConsent: true,
      consentAt: CONSENTED,
      consentSource: 'form',
    });
    const rb = await insertCustomer({
      ownerId: manager.userId,
      emailConsent: true,
      consentAt: CONSENTED,
      consentSource: 'import',
    });
    expect((await merge(ra, rb)).ok).toBe(true);
    expect(await consentOf(ra.id)).toMatchObject({ emailConsent: true, consentSource: 'form' });

    const rc = await insertCustomer({
      ownerId: manager.userId,
      emailConsent: true,
      consentAt: CONSENTED,
      consentSource: 'form',
    });
    const rd = await insertCustomer({ ownerId: manager.userId, unsubscribedAt: UNSUBSCRIBED });
    expect((await merge(rc, rd)).ok).toBe(true);
    expect(await consentOf(rc.id)).toMatchObject({
      emailConsent: false,
      consentSource: null,
      unsubscribedAt: UNSUBSCRIBED,
    });
  });
});

describe('a contact’s consent follows the same rules', () => {
  const contactConsent = async (id: string) =>
    (
      await db
        .select({
          emailConsent: contacts.emailConsent,
          consentAt: contacts.consentAt,
          consentSource: contacts.consentSource,
          unsubscribedAt: contacts.unsubscribedAt,
          version: contacts.version,
        })
        .from(contacts)
        .where(eq(contacts.id, id))
    )[0];

  it('the add form gives consent with source "manual"; the edit form cannot tick it for a contact who unsubscribed', async () => {
    const owner = await insertCustomer({ ownerId: manager.userId, name: 'Contact Consent Co' });
    signInAs(manager);
    const created = await createContactAction(
      initial,
      form({ customerId: owner.id, firstName: 'Keen', email: 'keen.contact@consent.example', emailConsent: 'on' }),
    );
    expect(created.ok).toBe(true);
    const [keen] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.email, 'keen.contact@consent.example'));
    expect(await contactConsent(keen.id)).toMatchObject({
      emailConsent: true,
      consentSource: 'manual',
      unsubscribedAt: null,
    });

    const [gone] = await db
      .insert(contacts)
      .values({ customerId: owner.id, firstName: 'Gone', unsubscribedAt: UNSUBSCRIBED })
      .returning();
    const edit = (consent: boolean, version: number, firstName = 'Gone') =>
      form({ id: gone.id, version: String(version), firstName, ...(consent ? { emailConsent: 'on' } : {}) });
    const refused = await updateContactAction(initial, edit(true, gone.version));
    expect(refused.ok).toBe(false);
    expect(refused.fieldErrors?.emailConsent).toEqual(['consentUnsubscribed']);
    expect(await contactConsent(gone.id)).toMatchObject({
      emailConsent: false,
      unsubscribedAt: UNSUBSCRIBED,
      version: gone.version,
    });
    // Other edits still save; the contact stays unsubscribed.
    expect((await updateContactAction(initial, edit(false, gone.version, 'Gone Renamed'))).ok).toBe(true);
    expect(await contactConsent(gone.id)).toMatchObject({ emailConsent: false, unsubscribedAt: UNSUBSCRIBED });
  });
});

describe('a contact import follows the same consent rules', () => {
  it('a new contact gets consent with source "import"; a contact who unsubscribed is kept off and reported', async () => {
    const owner = await insertCustomer({
      ownerId: manager.userId,
      name: 'Import Contacts Co',
      email: 'icc@consent.example',
    });
    const [gone] = await db
      .insert(contacts)
      .values({
        customerId: owner.id,
        firstName: 'Gone',
        email: 'gone.c@consent.example',
        unsubscribedAt: UNSUBSCRIBED,
      })
      .returning();
    const result = await importCustomerChunk(manager, [
      {
        line: 2,
        values: {
          name: owner.name,
          email: 'icc@consent.example',
          contactFirstName: 'New',
          contactEmail: 'new.c@consent.example',
          contactEmailConsent: 'yes',
        },
      },
      {
        line: 3,
        values: {
          name: owner.name,
          email: 'icc@consent.example',
          contactFirstName: 'Gone',
          contactEmail: 'gone.c@consent.example',
          contactEmailConsent: 'yes',
          contactTitle: 'CFO',
        },
      },
    ]);
    expect(result.ok && result.chunk).toMatchObject({ rejected: [], consentKept: [3] });
    const [made] = await db
      .select({
        emailConsent: contacts.emailConsent,
        consentSource: contacts.consentSource,
        consentAt: contacts.consentAt,
      })
      .from(contacts)
      .where(eq(contacts.email, 'new.c@consent.example'));
    expect(made).toMatchObject({ emailConsent: true, consentSource: 'import' });
    expect(made.consentAt).toBeInstanceOf(Date);
    const [after] = await db.select().from(contacts).where(eq(contacts.id, gone.id));
    expect(after).toMatchObject({
      emailConsent: false,
      consentSource: null,
      unsubscribedAt: UNSUBSCRIBED,
      title: 'CFO',
    });
  });
});
