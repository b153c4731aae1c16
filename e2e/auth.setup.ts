import { test as setup } from '@playwright/test';
import { loginOk, ROLES, type RoleKey, storageState } from './helpers';

// Logs in once per role and saves the session for the journeys.
for (const role of Object.keys(ROLES) as RoleKey[]) {
  setup(`log in as ${role}`, async ({ page }) => {
    await loginOk(page, ROLES[role]);
    await page.context().storageState({ path: storageState(role) });
  });
}
