import { NotFoundMessage } from '@/components/shell/not-found-message';

// Unknown URLs, outside the app shell (the (app) group has its own, inside the shell).
export default function NotFound() {
  return (
    <main>
      <NotFoundMessage />
    </main>
  );
}
