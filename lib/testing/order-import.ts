import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { type FilePlanOptions, planFileImport } from '@/lib/sales/order-import/from-file';
import { createOrderImport } from '@/lib/sales/order-import/imports';
import { CreateOrderImportSchema } from '@/lib/sales/order-import/schemas';

/**
 * For order import test files: a scratch folder (also the uploads' IMPORT_DIR) removed after the
 * file, `writeFile` to put a hand-made export in it, and `createFileImport` to create an import of
 * such a file as the CLI does (planned from its head, not queued: the test runs it).
 */
export function orderImportScratch(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.IMPORT_DIR = path.join(dir, 'uploads');
  afterAll(async () => {
    await stopBoss();
    rmSync(dir, { recursive: true, force: true });
  });
  let fileNo = 0;
  return {
    writeFile(content: string | Uint8Array, name = 'orders'): string {
      const p = path.join(dir, `${name}-${fileNo++}.csv`);
      writeFileSync(p, content);
      return p;
    },
  };
}

export async function createFileImport(viewer: Viewer, file: string, options: FilePlanOptions): Promise<string> {
  const plan = await planFileImport(file, options);
  if (!plan.ok) throw new Error(plan.problem);
  const created = await createOrderImport(viewer, CreateOrderImportSchema.parse(plan.input), {
    path: file,
    queue: false,
  });
  if (!created.ok) throw new Error(created.reason);
  return created.id;
}
