// Saves PNGs of the main screens for the README (docs/screenshots/), against
// the real server with the demo data. Run by scripts/screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_DIR, launchBrowser, login, startServer } from './harness.mjs';

const outDir = process.env.SCREENSHOT_DIR ?? path.join(REPO_DIR, 'docs', 'screenshots');

const shots = [
  { file: 'reports.png', hash: '#/reports', wait: '.report-list li' },
  { file: 'event.png', hash: '#/r/event/evt-group-defection-st-petersburg', wait: 'article.record [data-attribute]' },
  { file: 'act-claims.png', hash: '#/r/act/act-group-escape', wait: 'article.record [data-attribute=victim_counts]' },
  { file: 'timeline.png', hash: '#/timeline', wait: 'svg a.tl-row' },
  { file: 'chain-mokran.png', hash: '#/chain?org=org-mokran&at=2016-08', wait: 'svg.chain g.post' },
  { file: 'map.png', hash: '#/map', wait: '.map a.spot' },
  { file: 'search.png', hash: '#/search?q=Mokran', wait: 'ol.hits li' },
];

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer({ bin: process.env.CHORUS_BIN, log: (m) => console.log(m) });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/#/reports`);
    await page.locator('form.login').waitFor();
    await page.locator('#username').fill('e2e');
    await page.screenshot({ path: path.join(outDir, 'login.png') });
    await login(page, server.baseUrl);
    for (const s of shots) {
      await page.goto(`${server.baseUrl}/${s.hash}`);
      await page.locator(s.wait).first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, s.file) });
      console.log(`saved ${s.file}`);
    }
    await page.goto(`${server.baseUrl}/#/r/event/new`);
    await page.goto(`${server.baseUrl}/#/new/event?report=rpt-dailynk-2016-10`);
    await page.getByRole('button', { name: 'Add a date claim' }).click();
    await page.locator('[data-field=dates] input[name=edtf]').fill('2016-08-21/2016-08-31');
    await page.getByLabel('Title').fill('Group defection from a worksite near St Petersburg');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(outDir, 'event-form.png') });
    await context.close();

    const ko = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    const kpage = await ko.newPage();
    await login(kpage, server.baseUrl, 'ko');
    await kpage.goto(`${server.baseUrl}/#/chain?org=org-mokran&at=2016-08`);
    await kpage.locator('svg.chain g.post').first().waitFor();
    await kpage.waitForTimeout(300);
    await kpage.screenshot({ path: path.join(outDir, 'korean-chain.png') });
    await kpage.goto(`${server.baseUrl}/#/r/act/act-group-escape`);
    await kpage.locator('article.record [data-attribute]').first().waitFor();
    await kpage.waitForTimeout(300);
    await kpage.screenshot({ path: path.join(outDir, 'korean-act.png') });
    await ko.close();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'ru-RU' });
    const ppage = await phone.newPage();
    await login(ppage, server.baseUrl, 'ru');
    await ppage.goto(`${server.baseUrl}/#/r/event/evt-group-defection-st-petersburg`);
    await ppage.locator('article.record').waitFor();
    await ppage.waitForTimeout(300);
    await ppage.screenshot({ path: path.join(outDir, 'phone-russian-event.png') });
    await phone.close();
    console.log(`screenshots in ${outDir}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
