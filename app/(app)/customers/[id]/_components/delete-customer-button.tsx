'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { deleteCustomerAction } from '@/lib/customers/customer-actions';

/** Delete with a confirmation; the list then offers Undo (the delete is soft). */
export function DeleteCustomerButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations('customer360.delete');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <Button variant="danger">{t('button')}</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[92vw] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{t('title', { name })}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-600">{t('body')}</Dialog.Description>
          {failed ? (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {t('failed')}
            </p>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="secondary">{t('cancel')}</Button>
            </Dialog.Close>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const result = await deleteCustomerAction(id);
                  if (result.ok) router.push(`/customers?deleted=${id}`);
                  else setFailed(true);
                })
              }
            >
              {t('confirm')}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
