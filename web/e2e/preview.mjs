// Screenshots of a running server (dev aid): node e2e/preview.mjs URL OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, login } from './harness.mjs';
const [base, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const pages = process.env.PAGES?.split(',') ?? ['#/reports', '#/r/event/evt-group-defection-st-petersburg', '#/r/act/act-group-escape', '#/timeline', '#/chain?org=org-mokran&at=2016-08', '#/map', '#/search?q=Mokran', '#/new/act?event=x&report=rpt-dailynk-2016-10', '#/reports/new'];
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: Number(process.env.W ?? 1280), height: Number(process.env.H ?? 800) } });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('PAGE ERROR', String(e)));
page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
await login(page, base, process.env.LANG_UI ?? 'en');
let i = 0;
for (const h of pages) {
  await page.goto(`${base}/${h}`);
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(out, `${String(++i).padStart(2, '0')}.png`), fullPage: !!process.env.FULL });
}
await browser.close();
