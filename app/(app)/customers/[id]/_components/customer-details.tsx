import { getFormatter, getTranslations } from 'next-intl/server';
import { PossibleDuplicates } from '@/components/customers/possible-duplicates';
import { TaskList } from '@/components/customers/task-list';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { getCustomerAnalytics, listAlsoBought } from '@/lib/analytics/customer-analytics';
import { can, type Viewer } from '@/lib/auth/permissions';
import { canLogActivity, listCustomerTasks, listTimeline } from '@/lib/customers/activities';
import { listCustomerContacts } from '@/lib/customers/contacts';
import {
  getCustomerSummary,
  listCustomerCases,
  listCustomerDeals,
  listCustomerOrders,
} from '@/lib/customers/customer-360';
import type { CustomerDetail } from '@/lib/customers/customers';
import { canEditContact, canManageContacts, TASK_OWNER_ROLES } from '@/lib/customers/visibility';
import { personName } from '@/lib/format';
import { isLocale, LOCALE_LABELS } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page-locale';
import { listAssignableUsers } from '@/lib/users/users';
import { ActivityForm } from './activity-form';
import { AlsoBoughtCard, AnalyticsBadges } from './analytics-panel';
import { ContactsSection } from './contacts-section';
import { DealsAndCases } from './deals-and-cases';
import { OrdersSection } from './orders-section';
import { Timeline } from './timeline';

type Props = {
  viewer: Viewer;
  /** Already checked by the page: the viewer may see this customer. */
  customer: CustomerDetail;
  /** The timeline page to show: items before this (time, id), or the newest. */
  before: { at: Date; id: string } | undefined;
  paged: boolean;
  ordersPage: number;
};

/** The 360 view below the header: summary, timeline, orders, deals and cases, tasks, contacts, profile. */
export async function CustomerDetails({ viewer, customer, before, paged, ordersPage }: Props) {
  const [t, format, summary, contacts, timeline, tasks, orders, deals, cases, people, scores, alsoBought] =
    await Promise.all([
      getTranslations('customer360'),
      getFormatter(),
      getCustomerSummary(viewer, customer.id),
      listCustomerContacts(viewer, customer.id),
      listTimeline(viewer, customer.id, { before }),
      listCustomerTasks(viewer, customer.id),
      listCustomerOrders(viewer, customer.id, ordersPage),
      pageLocale().then((locale) => listCustomerDeals(viewer, customer.id, locale)),
      listCustomerCases(viewer, customer.id),
      listAssignableUsers(TASK_OWNER_ROLES),
      getCustomerAnalytics(viewer, customer),
      listAlsoBought(viewer, customer),
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
      <AnalyticsBadges scores={scores} />

      {/* grid-cols-1 (minmax(0, 1fr)) and min-w-0: a column may not grow to its widest content (a
          table), which made the page wider than a phone; tables scroll inside their own box. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
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
                paged={paged}
              />
            </CardBody>
          </Card>
          <OrdersSection customerId={customer.id} rows={orders.rows} total={orders.total} page={ordersPage} />
          <DealsAndCases
            deals={deals}
            cases={cases}
            showDeals={can(viewer, 'deals:read')}
            newDealHref={can(viewer, 'deals:write') ? `/deals/new?customer=${customer.id}` : null}
            newCaseHref={can(viewer, 'cases:write') ? `/cases/new?customer=${customer.id}` : null}
            showCases={can(viewer, 'cases:read')}
          />
        </div>
        <div className="min-w-0 space-y-6">
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
          <AlsoBoughtCard items={alsoBought} />
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
                    [
                      'consent',
                      customer.unsubscribedAt
                        ? t('unsubscribed', { date: date(customer.unsubscribedAt) })
                        : customer.emailConsent
                          ? t('yes')
                          : t('no'),
                    ],
                    ['locale', isLocale(customer.locale) ? LOCALE_LABELS[customer.locale] : null],
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
