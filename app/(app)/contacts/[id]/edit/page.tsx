import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getContact } from '@/lib/customers/contacts';
import { personName } from '@/lib/format';
import { ContactForm } from './_components/contact-form';

export const metadata: Metadata = { title: 'Edit contact' };

export default async function EditContactPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('customers:read');
  const id = z.uuid().safeParse((await params).id);
  const contact = id.success ? await getContact(viewer, id.data) : null;
  if (!contact?.canEdit) notFound();
  const t = await getTranslations('contacts');
  return (
    <>
      <PageHeader
        title={t('editTitle', { name: personName(contact.firstName, contact.lastName) })}
        description={contact.customerName}
      />
      <Card>
        <CardBody>
          <ContactForm contact={contact} canDelete={contact.canDelete} />
        </CardBody>
      </Card>
    </>
  );
}
