// npm run import:orders -- file.csv [--preset online-retail|shopify|none] [--map "Column=field" …]
//   [--date-format "M/D/YYYY H:mm"] [--time-zone Europe/London] [--decimal ,] [--cancel-prefix C]
//   [--create-customers] [--guest-orders] [--as user@example.com] [--resume <import id>]
//
// Imports an order-line export from the server's disk into the database DATABASE_URL names (or the
// embedded one), in this process, printing progress. The import is an order_imports row like an
// upload's: its page shows it, its report lists the rejected rows, and if this process is stopped
// the next start of the app (or --resume) continues it from its checkpoint.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { and, asc, eq } from 'drizzle-orm';
import { closeDatabase, db, getDatabase } from '../db/client';
import { orderImports, settings, users } from '../db/schema';
import { PRESET_NAMES, type PresetName } from '../lib/sales/order-import/fields';
import { planFileImport } from '../lib/sales/order-import/from-file';
import { createOrderImport } from '../lib/sales/order-import/imports';
import { runOrderImport } from '../lib/sales/order-import/runner';
import { CreateOrderImportSchema } from '../lib/sales/order-import/schemas';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    preset: { type: 'string' },
    map: { type: 'string', multiple: true },
    'date-format': { type: 'string' },
    'time-zone': { type: 'string' },
    decimal: { type: 'string' },
    'cancel-prefix': { type: 'string' },
    'create-customers': { type: 'boolean', default: false },
    'guest-orders': { type: 'boolean', default: false },
    as: { type: 'string' },
    resume: { type: 'string' },
  },
});

const usage = (message: string) => {
  console.error(message);
  process.exit(2);
};

const file = positionals[0];
if (!values.resume && !file)
  usage('Usage: npm run import:orders -- file.csv [--preset online-retail|shopify] [--map "Column=field"] …');
if (file && !existsSync(file)) usage(`No such file: ${file}`);
if (values.preset && values.preset !== 'none' && !PRESET_NAMES.includes(values.preset as PresetName))
  usage(`--preset must be one of ${PRESET_NAMES.join(', ')} or none`);
if (values.decimal && values.decimal !== '.' && values.decimal !== ',') usage('--decimal must be . or ,');

try {
  const handle = await getDatabase();
  console.log(`Database: ${handle.driver} (${handle.location})`);
  let id = values.resume;
  if (!id) {
    const viewer = await importer(values.as);
    if (!viewer)
      usage(values.as ? `No active user ${values.as}` : 'No active admin to import as: use --as user@example.com');
    const [company] = await db.select({ timeZone: settings.timeZone }).from(settings).limit(1);
    const plan = await planFileImport(file, {
      preset: values.preset as PresetName | 'none' | undefined,
      map: values.map,
      dateFormat: values['date-format'],
      timeZone: values['time-zone'] ?? company?.timeZone ?? 'UTC',
      decimal: values.decimal as '.' | ',' | undefined,
      cancelPrefix: values['cancel-prefix'],
      createCustomers: values['create-customers'],
      guestOrders: values['guest-orders'],
    });
    if (!plan.ok) usage(`Cannot import ${file}: ${plan.problem}`);
    else {
      for (const note of plan.notes) console.log(`  ${note}`);
      const parsed = CreateOrderImportSchema.safeParse(plan.input);
      if (!parsed.success) usage(`Cannot import ${file}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const created = await createOrderImport(viewer!, parsed.data!, { path: file, queue: false });
      if (!created.ok)
        usage(`${viewer!.email} may not import orders${values['guest-orders'] ? ' as guest orders' : ''}.`);
      else id = created.id;
    }
  }
  console.log(`Import ${id}`);
  const started = performance.now();
  const outcome = await runOrderImport(id!, {
    waitForLease: true,
    onChunk: (p) => {
      const percent = ((p.byteOffset / p.fileSize) * 100).toFixed(1);
      process.stdout.write(
        `\r  ${percent}% · ${p.counts.rowsRead.toLocaleString('en-US')} rows · ${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s   `,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const [job] = await db.select().from(orderImports).where(eq(orderImports.id, id!));
  console.log(`\n${outcome} in ${seconds.toFixed(1)} s`);
  if (job) {
    for (const [k, v] of Object.entries(job.counts)) console.log(`  ${k.padEnd(18)} ${v.toLocaleString('en-US')}`);
    if (job.error) console.log(`  error: ${job.error}`);
    if (job.counts.rowsRejected + job.counts.guestRowsSkipped > 0)
      console.log(`  The rejected and skipped rows, with reasons: /orders/import/${id}/report`);
  }
  await closeDatabase();
  process.exit(outcome === 'done' ? 0 : 1);
} catch (error) {
  console.error(`Import failed: ${(error as Error).message}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}

/** The user the import runs as: --as, else the first active admin. */
async function importer(email: string | undefined) {
  const [u] = await db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.active, true), email ? eq(users.email, email.toLowerCase()) : eq(users.role, 'admin')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return u ?? null;
}
