import { UPLOAD_PART_BYTES } from '@/lib/sales/order-import/schemas';

/**
 * Sends the file from `from` to the end in parts of at most 1 MB, each to the import's upload
 * route, which writes it at its offset. The server answers how much it holds; a part it already
 * has (a retried request, a second tab) makes it answer 409 with its size, and the upload goes on
 * from there. Only one part is in memory at a time. A failed request is retried twice.
 */
export async function uploadFile(
  importId: string,
  file: Blob,
  from: number,
  onProgress: (received: number) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  let offset = from;
  let failures = 0;
  while (offset < file.size) {
    let response: Response;
    try {
      response = await fetch(`/orders/import/${importId}/upload?offset=${offset}`, {
        method: 'POST',
        body: file.slice(offset, offset + UPLOAD_PART_BYTES),
        headers: { 'Content-Type': 'application/octet-stream' },
        signal,
      });
    } catch {
      if (signal?.aborted || ++failures > 2) return false;
      continue;
    }
    if (response.status === 409) {
      const body = (await response.json().catch(() => null)) as { received?: number } | null;
      if (typeof body?.received !== 'number') return false;
      offset = body.received;
    } else if (response.ok) {
      const body = (await response.json()) as { received: number };
      offset = body.received;
      failures = 0;
    } else if (response.status >= 500 && ++failures <= 2) {
      continue;
    } else return false;
    onProgress(offset);
  }
  return true;
}
