import { LanguageSwitcher } from '@/components/shell/language-switcher';

// The frame of the public pages a customer opens from an email or a form (no login, outside the
// app shell): one card in the middle of the screen and the language switcher under it. Used by
// app/unsubscribe, app/csat and app/lead-thanks.

export function PublicPage({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      <div className="mt-6">
        <LanguageSwitcher />
      </div>
    </main>
  );
}

/** A public page's whole content when it only has something to say: a heading and a line. */
export function PublicMessage({ title, text }: { title: string; text: string }) {
  return (
    <div className="text-center">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
    </div>
  );
}
