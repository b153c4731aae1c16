import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { PossibleDuplicates } from '@/components/customers/possible-duplicates';
import { TaskList } from '@/components/customers/task-list';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { canLogActivity, listCustomerTasks, listTimeline } from '@/lib/customers/activities';
import { listCustomerContacts } from '@/lib/customers/contacts';
import {
  getCustomerSummary,
  listCustomerCases,
  listCustomerDeals,
  listCustomerOrders,
} from '@/lib/customers/customer-360';
import { getCustomer } from '@/lib/customers/customers';
import { canEditContact, canManageContacts, TASK_OWNER_ROLES } from '@/lib/customers/visibility';
import { personName } from '@/lib/format';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { ActivityForm } from './_components/activity-form';
import { ContactsSection } from './_components/contacts-section';
import { DealsAndCases } from './_components/deals-and-cases';
import { DeleteCustomerButton } from './_components/delete-customer-button';
import { OrdersSection } from './_components/orders-section';
import { Timeline } from './_components/timeline';

export const metadata: Metadata = { title: 'Customer' };

const CursorSchema = z.object({ at: z.coerce.date(), id: z.uuid() });

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:read');
  const id = z.uuid().safeParse((await params).id);
  const customer = id.success ? await getCustomer(viewer, id.data) : null;
  if (!customer) notFound();
  const sp = firstValues(await searchParams);
  const before = sp.before
    ? CursorSchema.safeParse({ at: sp.before.split('_')[0], id: sp.before.split('_')[1] })
    : null;
  const ordersPage = z.coerce
    .number()
    .int()
    .min(1)
    .catch(1)
    .parse(sp.op ?? 1);

  const [t, format, summary, contacts, timeline, tasks, orders, deals, cases, people] = await Promise.all([
    getTranslations('customer360'),
    getFormatter(),
    getCustomerSummary(viewer, customer.id),
    listCustomerContacts(viewer, customer.id),
    listTimeline(viewer, customer.id, { before: before?.success ? before.data : undefined }),
    listCustomerTasks(viewer, customer.id),
    listCustomerOrders(viewer, customer.id, ordersPage),
    listCustomerDeals(viewer, customer.id),
    listCustomerCases(viewer, customer.id),
    listAssignableUsers(TASK_OWNER_ROLES),
  ]);
  const money = (v: string | null) => (v === null ? '—' : format.number(Number(v), 'money'));
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium' }) : '—');
  const mayLog = canLogActivity(viewer, customer);
  const stats = [
    { key: 'lifetimeRevenue', value: money(summary?.lifetimeRevenue ?? null) },
    { key: 'orders', value: format.number(summary?.orderCount ?? 0) },
    { key: 'aov', value: money(summary?.averageOrderValue ?? null) },
    { key: 'firstOrder', value: date(summary?.firstOrderAt ?? null) },
    { key: 'lastOrder', value: date(summary?.lastOrderAt ?? null) },
  ];

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {customer.name}
            <Badge tone={customer.kind === 'company' ? 'violet' : 'blue'}>{t(`kind.${customer.kind}`)}</Badge>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>{t('ownedBy', { name: customer.ownerName ?? t('nobody') })}</span>
            {customer.email ? (
              <a href={`mailto:${customer.email}`} className="text-brand-700 hover:underline">
                {customer.email}
              </a>
            ) : null}
            {customer.phone ? <span>{customer.phone}</span> : null}
            {customer.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </span>
        }
        actions={
          customer.canEdit ? (
            <>
              <Button asChild variant="secondary">
                <Link href={`/customers/${customer.id}/edit`}>{t('edit')}</Link>
              </Button>
              <DeleteCustomerButton id={customer.id} name={customer.name} />
            </>
          ) : null
        }
      />

      <section aria-label={t('summary')} className="mb-6">
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
          {stats.map((s) => (
            <Card key={s.key} className="p-4">
              <dt className="text-xs text-slate-500">{t(`stats.${s.key}`)}</dt>
              <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={`summary-${s.key}`}>
                {s.value}
              </dd>
            </Card>
          ))}
        </dl>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title={t('activity')} />
            <CardBody className="space-y-6">
              {mayLog ? (
                <ActivityForm
                  customerId={customer.id}
                  contacts={contacts.map((c) => ({ id: c.id, name: personName(c.firstName, c.lastName) }))}
                  people={can(viewer, 'customers:reassign') ? people : null}
                />
              ) : null}
              <Timeline
                items={timeline.items}
                next={timeline.next ? `${timeline.next.at.toISOString()}_${timeline.next.id}` : null}
                customerId={customer.id}
                paged={Boolean(sp.before)}
              />
            </CardBody>
          </Card>
          <OrdersSection customerId={customer.id} rows={orders.rows} total={orders.total} page={ordersPage} />
          <DealsAndCases
            deals={deals}
            cases={cases}
            showDeals={can(viewer, 'deals:read')}
            showCases={can(viewer, 'cases:read')}
          />
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title={t('tasks')} />
            <CardBody>
              <TaskList tasks={tasks} />
            </CardBody>
          </Card>
          <ContactsSection
            customerId={customer.id}
            contacts={contacts}
            canAdd={canManageContacts(viewer, customer)}
            canEdit={canEditContact(viewer, customer)}
          />
          <PossibleDuplicates viewer={viewer} customerId={customer.id} />
          <Card>
            <CardHeader title={t('profile')} />
            <CardBody>
              <dl className="grid grid-cols-1 gap-2 text-sm">
                {(
                  [
                    ['website', customer.website],
                    [
                      'address',
                      [customer.street, customer.postalCode, customer.city, customer.region, customer.country]
                        .filter(Boolean)
                        .join(', ') || null,
                    ],
                    ['industry', customer.industry],
                    ['source', customer.source],
                    ['consent', customer.emailConsent ? t('yes') : t('no')],
                    ['externalId', customer.externalId],
                    ['created', date(customer.createdAt)],
                  ] as const
                ).map(([key, value]) => (
                  <div key={key} className="flex justify-between gap-3">
                    <dt className="text-slate-500">{t(`fields.${key}`)}</dt>
                    <dd className="text-right break-all text-slate-800">{value ?? '—'}</dd>
                  </div>
                ))}
              </dl>
              {customer.notes ? (
                <p className="mt-3 border-t border-slate-100 pt-3 text-sm whitespace-pre-wrap text-slate-700">
                  {customer.notes}
                </p>
              ) : null}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
