import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listScoreRulesFor } from '@/lib/sales/leads/score-rules';
import { NewRuleForm, RuleRow } from './_components/rule-forms';

export const metadata: Metadata = { title: 'Lead scoring' };

/** The score rules: admins edit them, managers read them (settings:read). */
export default async function LeadScoringPage() {
  const viewer = await requirePermission('settings:read');
  const [t, rules] = await Promise.all([getTranslations('leads.scoring'), listScoreRulesFor(viewer)]);
  const editable = can(viewer, 'settings:write');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <CardHeader title={t('title')} description={editable ? undefined : t('readOnly')} />
        <CardBody className="space-y-2">
          {rules.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : null}
          <ul className="divide-y divide-slate-100">
            {rules.map((r) => (
              <li key={r.id} className="py-2">
                <RuleRow rule={r} editable={editable} />
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>
      {editable ? (
        <Card className="mt-6">
          <CardHeader title={t('addTitle')} />
          <CardBody>
            <NewRuleForm />
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
