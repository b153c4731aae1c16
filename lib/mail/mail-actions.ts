'use server';
import { revalidatePath } from 'next/cache';
import { defineFormAction } from '@/lib/define-action';
import { SimulateInboundSchema, simulateInboundMail } from './outbox';

/** The Outbox's "Simulate an inbound email" (demo only: refused while SMTP_URL is set, unless MAIL_SIMULATE_INBOUND=on). */
export const simulateInboundAction = defineFormAction(
  { permission: 'mail:read', schema: SimulateInboundSchema },
  async (viewer, input) => {
    const result = await simulateInboundMail(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/outbox');
    return {
      ok: true,
      message: 'mailSimulated',
      data: { outcome: result.outcome, caseNumber: result.caseNumber, caseId: result.caseId },
    };
  },
);
