/** A copy of the current search params with some set (or removed when null/empty). */
export function withParams(
  current: URLSearchParams | string,
  changes: Record<string, string | number | null | undefined>,
): string {
  const next = new URLSearchParams(typeof current === 'string' ? current : current.toString());
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  const text = next.toString();
  return text ? `?${text}` : '?';
}
