import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@/analytics/csv';
import { FileProblem, type FileRecord, readRecordBatches } from './file-reader';

// Reads real files from disk (hence the integration project; no database is opened).

const dir = mkdtempSync(path.join(os.tmpdir(), 'lodestar-file-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Uint8Array) => {
  const p = path.join(dir, `f${n++}.csv`);
  writeFileSync(p, content);
  return p;
};

async function readAll(
  p: string,
  options: { start?: number; rowsBefore?: number; batchRows?: number; bufferBytes?: number; encoding?: string } = {},
) {
  const batches: { records: FileRecord[]; endOffset: number; endRow: number }[] = [];
  for await (const b of readRecordBatches(p, {
    start: options.start ?? 0,
    rowsBefore: options.rowsBefore ?? 0,
    encoding: options.encoding ?? 'utf-8',
    delimiter: ',',
    batchRows: options.batchRows ?? 2,
    bufferBytes: options.bufferBytes,
  }))
    batches.push(b);
  return batches;
}

const MESSY = `\uFEFFa,b,c\r\n1,"x, y",3\r\n2,"multi\r\nline",4\r\n\r\n3,"say ""hi""",5\r\n4,Müller 价格,6\r\n5,"",7`;

describe('reading a file in batches of whole records from any offset', () => {
  it('gives the records the one CSV parser gives for the whole text, whatever the buffer size', async () => {
    const p = file(MESSY);
    const expected = parseCsv(MESSY).map((cells, i) => ({ row: i + 1, cells }));
    for (const bufferBytes of [3, 7, 64, 4096]) {
      const records = (await readAll(p, { bufferBytes })).flatMap((b) => b.records);
      expect(records, `buffer ${bufferBytes}`).toEqual(expected);
    }
    expect(expected[2].cells).toEqual(['2', 'multi\r\nline', '4']);
    expect(expected[3].cells).toEqual(['']); // the blank line keeps its row number
  });

  it('resuming from a batch’s end offset reads exactly the rest (the checkpoint of an import)', async () => {
    const p = file(MESSY);
    const all = await readAll(p, { bufferBytes: 5 });
    const flat = all.flatMap((b) => b.records);
    for (const [i, b] of all.entries()) {
      const rest = (await readAll(p, { start: b.endOffset, rowsBefore: b.endRow, bufferBytes: 5 })).flatMap(
        (x) => x.records,
      );
      const before = all.slice(0, i + 1).flatMap((x) => x.records);
      expect([...before, ...rest]).toEqual(flat);
    }
  });

  it('reads CR-only line ends and a last line without a line break', async () => {
    const batches = await readAll(file('a,b\r1,2\r3,4'), { bufferBytes: 2 });
    expect(batches.flatMap((b) => b.records)).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: ['3', '4'] },
    ]);
  });

  it('an unclosed quote stops the file with the row it starts on', async () => {
    const error = await readAll(file('a,b\n1,2\n3,"never closed\n4,5\n')).catch((e) => e);
    expect(error).toBeInstanceOf(FileProblem);
    expect(error).toMatchObject({ code: 'unterminatedQuote', row: 3 });
  });

  it('text after a closing quote rejects that row only', async () => {
    const records = (await readAll(file('a,b\n1,2\n3,"x"y\n4,5\n'), { batchRows: 10 })).flatMap((b) => b.records);
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, error: 'csv' },
      { row: 4, cells: ['4', '5'] },
    ]);
  });

  it('reads Windows-1252 (the UCI Online Retail file is not UTF-8)', async () => {
    const bytes = new Uint8Array([...Buffer.from('a,b\n1,'), 0xa3, ...Buffer.from('2.50\n')]); // £ in Windows-1252
    const records = (await readAll(file(bytes), { encoding: 'windows-1252' })).flatMap((b) => b.records);
    expect(records[1]).toEqual({ row: 2, cells: ['1', '£2.50'] });
  });
});
