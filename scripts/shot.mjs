// Dev helper: log in as a user and screenshot pages. node scripts/shot.mjs <email> <out-prefix> <path>...
import { chromium } from '@playwright/test';

const [email, prefix, ...paths] = process.argv.slice(2);
const base = process.env.BASE_URL ?? 'http://localhost:3100';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const page = await browser.newPage({
  viewport: { width: Number(process.env.W ?? 1280), height: Number(process.env.H ?? 800) },
  locale: process.env.LOCALE ?? 'en-US',
});
await page.goto(`${base}/login`);
if (email !== 'none') {
  await page.getByLabel(/email|邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill('lodestar-demo');
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 }).catch(() => {});
}
for (const [i, p] of paths.entries()) {
  await page.goto(`${base}${p}`);
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${prefix}-${i}.png`, fullPage: true });
  console.log(`${p} -> ${prefix}-${i}.png (${page.url()})`);
}
await browser.close();
