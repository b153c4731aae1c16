import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { getViewer } from '@/lib/auth/viewer';
import type { OrderLineField } from '@/lib/sales/order-import/fields';
import { orderImportReport } from '@/lib/sales/order-import/imports';
import { describer, reportHeader, reportRecord } from '@/lib/sales/order-import/report';

// GET /orders/import/<id>/report: the rejected and skipped rows as CSV, streamed a page at a time,
// the problems in the reader's language. Whoever may follow the import may download it.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to download the report.', 401);
  if (!can(viewer, 'orders:import')) return text('Not found.', 404);
  const id = z.uuid().safeParse((await params).id);
  const report = id.success ? await orderImportReport(viewer, id.data) : null;
  if (!report) return text('Not found.', 404);
  const t = await getTranslations('orderImport');
  const labels = {
    row: t('report.row'),
    problems: t('report.problems'),
    outcome: t('report.outcome'),
    skipped: t('report.skipped'),
    rejected: t('report.rejected'),
  };
  const describe = describer(
    report.headers,
    report.mapping,
    (f: OrderLineField | 'row') => (f === 'row' ? t('report.wholeRow') : t(`fields.${f}`)),
    (reason) => (t.has(`reasons.${reason}`) ? t(`reasons.${reason}`) : reason),
  );
  const encoder = new TextEncoder();
  const { pages, headers } = report;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(reportHeader(headers, labels)));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((r) => reportRecord(r, describe, labels)).join('')));
    },
  });
  const name = `${report.fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 80)}-rejected-rows.csv`;
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
