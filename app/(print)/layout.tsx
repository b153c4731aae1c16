import { requireViewer } from '@/lib/auth/viewer';

// Printable documents (a quote's print view): no sidebar, header or menus, on screen or on paper.
// Each page checks its own access too; this only requires a signed-in user.
export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  await requireViewer();
  return (
    <main
      id="main"
      className="mx-auto max-w-[210mm] bg-white px-4 py-6 text-slate-900 sm:px-10 print:max-w-none print:p-0"
    >
      {children}
    </main>
  );
}
