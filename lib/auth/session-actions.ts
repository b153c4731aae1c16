'use server';

import { revalidatePath } from 'next/cache';
import { cookies, headers } from 'next/headers';
import { AuthError } from 'next-auth';
import type { ActionState } from '@/lib/action-state';
import { LOCALE_COOKIE } from '@/lib/i18n/config';
import { servedOverHttps } from '@/lib/security-headers';
import { setUserLocale } from '@/lib/users/users';
import { signIn, signOut } from './auth';
import { LocaleSchema, LoginSchema } from './schemas';
import { endCurrentSession, getViewer } from './viewer';

/** Only same-site relative paths are followed after login (no open redirect). */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === 'string' ? value : '';
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/login') ? path : '/';
}

export async function loginAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  // Anyone may call this action, with any body: what is not a form is refused like a wrong password.
  if (!(form instanceof FormData)) return { ok: false, message: 'invalidCredentials', values: { email: '' } };
  const email = String(form.get('email') ?? '').slice(0, 254);
  const parsed = LoginSchema.safeParse({ email: email.trim(), password: form.get('password') });
  // One message for every failure: it never says whether the email or the password was wrong.
  if (!parsed.success) return { ok: false, message: 'invalidCredentials', values: { email } };
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallback(form.get('callbackUrl')) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const throttled = (error as AuthError & { code?: string }).code === 'throttled';
      return { ok: false, message: throttled ? 'throttled' : 'invalidCredentials', values: { email } };
    }
    throw error; // includes the redirect that signals success
  }
}

export async function logoutAction(): Promise<void> {
  await endCurrentSession(); // on the server first: a copy of the cookie must not outlive the sign-out
  await signOut({ redirectTo: '/login' });
}

export async function setLocaleAction(locale: string): Promise<void> {
  const parsed = LocaleSchema.safeParse(locale);
  if (!parsed.success) return;
  const secure = servedOverHttps(await headers());
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: '/', sameSite: 'lax', secure, maxAge: 60 * 60 * 24 * 365 });
  const viewer = await getViewer();
  if (viewer) await setUserLocale(viewer, parsed.data);
  revalidatePath('/', 'layout');
}
