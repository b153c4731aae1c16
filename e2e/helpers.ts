import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'lodestar-demo';
export const ROLES = {
  admin: 'admin@lodestar.test',
  manager: 'manager@lodestar.test',
  rep: 'rep@lodestar.test',
  agent: 'agent@lodestar.test',
  marketer: 'marketer@lodestar.test',
} as const;
export type RoleKey = keyof typeof ROLES;
export const storageState = (role: RoleKey) => `e2e/.auth/${role}.json`;

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function loginOk(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await login(page, email, password);
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome,/ })).toBeVisible();
}

/**
 * Waits until React has hydrated the page: the root mark (components/shell/hydration-mark.tsx)
 * and every form control, since content inside Suspense boundaries hydrates later than the root.
 * React tags each DOM node it owns with a `__reactFiber…` key once hydrated.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('main select, main button, main input:not([type=hidden])')).every((el) =>
      Object.keys(el).some((k) => k.startsWith('__reactFiber')),
    ),
  );
}
