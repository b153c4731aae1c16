import { chromium } from '@playwright/test';
const BASE = 'http://127.0.0.1:3211';
const args = ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const [role, locale, vp, ...paths] = process.argv.slice(2);
const viewport = vp === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
const ctx = await browser.newContext({ viewport, locale: locale === 'zh' ? 'zh-CN' : 'en-US', deviceScaleFactor: 1, isMobile: vp === 'phone', hasTouch: vp === 'phone' });
const page = await ctx.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 200)); });
await page.goto(BASE + '/login');
await page.locator('input[type=email], input[name=email]').first().fill(`${role}@lodestar.test`);
await page.locator('input[type=password]').fill('lodestar-demo');
await page.locator('button[type=submit]').click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30000 });
for (const p of paths) {
  const r = await page.goto(BASE + p);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(800);
  const name = `${role}-${locale}-${vp}-${p.replace(/[^a-z0-9]+/gi, '_')}`.slice(0, 120);
  await page.screenshot({ path: `/tmp/r9shots/${name}.png`, fullPage: true });
  console.log(r?.status(), name);
}
if (errors.length) console.log('console errors:', errors);
await browser.close();
