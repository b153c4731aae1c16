import { notFound } from 'next/navigation';

// Any other address under the app: a 404 rendered by ../not-found.tsx inside the app shell, so a
// signed-in user who follows a stale link keeps the navigation (app/not-found.tsx, the root one,
// has no shell). Every real page is a more specific route and wins over this catch-all.
export default function Missing(): never {
  notFound();
}
