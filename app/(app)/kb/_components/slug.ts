/** A slug from the route: Next passes it as it came in the URL, percent-encoded when it has Chinese. */
export function routeSlug(raw: string): string | null {
  try {
    const slug = raw.includes('%') ? decodeURIComponent(raw) : raw;
    return slug.length > 0 && slug.length <= 200 ? slug : null;
  } catch {
    return null;
  }
}
