import { NotFoundMessage } from '@/components/shell/not-found-message';

// notFound() from a page of the app (a missing record, or one the viewer may not see or change):
// shown inside the shell, so the navigation stays. The page calls it before anything streams,
// so the response is a real 404.
export default function AppNotFound() {
  return <NotFoundMessage />;
}
