import { NotFoundMessage } from '@/components/shell/not-found-message';

// A 404 outside the app shell. Unknown addresses under the app reach (app)/[...missing] and are
// shown inside the shell by (app)/not-found.tsx; this one is for what is left outside the group.
export default function NotFound() {
  return (
    <main>
      <NotFoundMessage />
    </main>
  );
}
