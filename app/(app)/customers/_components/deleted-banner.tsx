'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { withFlash } from '@/components/ui/toast';
import { restoreCustomerAction } from '@/lib/customers/customer-actions';

/** After a delete: "Customer deleted. Undo". */
export function DeletedBanner({ id }: { id: string }) {
  const t = useTranslations('customers');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState(false);
  return (
    <Alert tone={error ? 'error' : 'info'} className="mb-4 flex items-center justify-between gap-3">
      <span>{error ? t('undoFailed') : t('deletedNotice')}</span>
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await restoreCustomerAction(id);
            if (result.ok) router.push(withFlash(`/customers/${id}`, result.message));
            else setError(true);
          })
        }
      >
        {t('undo')}
      </Button>
    </Alert>
  );
}
