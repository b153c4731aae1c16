import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { CASE_ASSIGNEE_ROLES } from '@/lib/service/case-write';
import { type CaseDetail, getCase, getCaseCustomer, listCaseComments, listCaseHistory } from '@/lib/service/cases';
import { suggestArticles } from '@/lib/service/kb';
import { listAssignableUsers } from '@/lib/users/users';
import { PRIORITY_TONE, STATUS_TONE } from '../_components/queue-table';
import { InsertLinkButton, ReplyInsertProvider } from './_components/article-links';
import { CaseControls } from './_components/case-controls';
import { CaseHistory } from './_components/case-history';
import { Conversation } from './_components/conversation';
import { CustomerPanel } from './_components/customer-panel';
import { ReplyForm } from './_components/reply-form';

export const metadata: Metadata = { title: 'Case' };

// The access check (a missing case, or one the viewer may not read, is a 404) runs before anything
// streams; the conversation, history and customer summary load behind Suspense below the header.
export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('cases:read');
  const id = z.uuid().safeParse((await params).id);
  const found = id.success ? await getCase(viewer, id.data) : null;
  if (!found) notFound();
  const [t, tc] = await Promise.all([getTranslations('cases'), getTranslations('common')]);
  const assignees = found.canReassign ? await listAssignableUsers(CASE_ASSIGNEE_ROLES) : null;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2 [&>*]:min-w-0">
            <span className="font-mono text-base text-slate-500">CS-{found.number}</span>
            <span>{found.subject}</span>
            <Badge tone={STATUS_TONE[found.status]}>{t(`statuses.${found.status}`)}</Badge>
            <Badge tone={PRIORITY_TONE[found.priority]}>{t(`priorities.${found.priority}`)}</Badge>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1 [&>*]:min-w-0">
            <Link href={`/customers/${found.customerId}`} className="text-brand-700 hover:underline">
              {found.customerName}
            </Link>
            {found.contactName ? <span>{found.contactName}</span> : null}
            <span>{t('page.assignedTo', { name: found.assigneeName ?? t('unassigned') })}</span>
          </span>
        }
      />
      <ReplyInsertProvider>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-6">
            <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
              <ConversationSection viewer={viewer} item={found} />
            </Suspense>
            {found.canEdit ? <ReplyForm caseId={found.id} canLinkArticles={can(viewer, 'kb:read')} /> : null}
            <Suspense fallback={<SectionSkeleton label={tc('loading')} rows={4} />}>
              <HistorySection viewer={viewer} caseId={found.id} />
            </Suspense>
          </div>
          <aside className="min-w-0 space-y-6" aria-label={t('page.sidebar')}>
            <CaseControls
              item={{
                id: found.id,
                version: found.version,
                status: found.status,
                priority: found.priority,
                assigneeId: found.assigneeId,
                assigneeName: found.assigneeName,
                firstResponseDueAt: found.firstResponseDueAt?.toISOString() ?? null,
                resolutionDueAt: found.resolutionDueAt?.toISOString() ?? null,
                firstRespondedAt: found.firstRespondedAt?.toISOString() ?? null,
                channel: found.channel,
                createdAt: found.createdAt.toISOString(),
                reopenedCount: found.reopenedCount,
              }}
              now={new Date().toISOString()}
              canEdit={found.canEdit}
              canTake={found.canTake}
              viewerId={viewer.userId}
              assignees={assignees}
            />
            <Suspense fallback={<SectionSkeleton label={tc('loading')} rows={4} />}>
              <CustomerSection viewer={viewer} caseId={found.id} />
            </Suspense>
            {found.canEdit && can(viewer, 'kb:read') ? (
              <Suspense fallback={<SectionSkeleton label={tc('loading')} rows={3} />}>
                <ArticleSuggestions viewer={viewer} subject={found.subject} />
              </Suspense>
            ) : null}
          </aside>
        </div>
      </ReplyInsertProvider>
    </>
  );
}

async function ConversationSection({ viewer, item }: { viewer: Viewer; item: CaseDetail }) {
  const comments = await listCaseComments(viewer, item.id);
  return <Conversation comments={comments} description={item.description} createdAt={item.createdAt} />;
}

async function HistorySection({ viewer, caseId }: { viewer: Viewer; caseId: string }) {
  return <CaseHistory items={await listCaseHistory(viewer, caseId)} />;
}

async function CustomerSection({ viewer, caseId }: { viewer: Viewer; caseId: string }) {
  const customer = await getCaseCustomer(viewer, caseId, await pageLocale());
  return customer ? <CustomerPanel customer={customer} /> : null;
}

/** Published knowledge-base articles that match the subject, for the agent answering the case. */
async function ArticleSuggestions({ viewer, subject }: { viewer: Viewer; subject: string }) {
  const [t, articles] = await Promise.all([getTranslations('cases'), suggestArticles(viewer, subject, 5)]);
  return (
    <Card>
      <CardHeader title={t('page.suggestions')} description={t('page.suggestionsHint')} />
      <CardBody>
        {articles.length === 0 ? (
          <p className="text-sm text-slate-600">{t('page.noSuggestions')}</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {articles.map((a) => (
              <li key={a.id} className="flex items-start justify-between gap-2">
                <Link href={a.url} className="min-w-0 break-words text-brand-700 hover:underline">
                  {a.title}
                </Link>
                <InsertLinkButton title={a.title} publicUrl={a.publicUrl} />
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
