// Saves PNGs of the main screens for the README (docs/screenshots/), against
// the real server with the demo data. Run by scripts/screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { CASEWORKER, REPO_DIR, launchBrowser, login, startServer } from './harness.mjs';

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

// Requests for help on the casework board: made up, nobody identifiable
// (the same kind as scripts/demo adds). [tier, hours ago, reason]
const REQUESTS = [
  ['immediate', 3, 'Threatened by a security agent after asking for unpaid wages'],
  ['vulnerable', 53, 'Injured at the worksite; passport held by the site manager'],
  ['standard', 220, 'Wants to leave when the contract ends; has no documents'],
  ['vulnerable', 5, 'Ill and without medical care in the dormitory'],
  ['standard', 26, 'Asks how to reach a consulate safely'],
  ['immediate', 30, 'Hiding after leaving the worksite; needs a safe place tonight'],
  ['standard', 4, 'Asked twice through two contacts'],
];

function seedCases(chorus) {
  const now = Date.now();
  for (const [tier, hours, reason] of REQUESTS) {
    const at = new Date(now - hours * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
    chorus(['queue', 'add', '--tier', tier, '--reason', reason, '--requested-at', at]);
  }
  const claim = () => chorus(['queue', 'claim', '--as', CASEWORKER.name]).split('\t')[0];
  const move = (id, to, note, extra = []) => chorus(['queue', 'move', id, '--to', to, '--note', note, '--as', CASEWORKER.name, ...extra]);
  const a = claim();
  move(a, 'verified', 'Identity confirmed through a trusted contact.');
  move(a, 'sheltered', 'In a partner shelter.');
  const b = claim();
  move(b, 'verified', 'Confirmed by phone.');
  claim(); // served, not yet verified
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  // Claims and moves are made in the caseworker's name: with their password.
  process.env.CHORUS_PASSWORD = CASEWORKER.password;
  const server = await startServer({ bin: process.env.CHORUS_BIN, log: (m) => console.log(m), setup: seedCases });
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

    const cw = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const cpage = await cw.newPage();
    await login(cpage, server.baseUrl, 'en', CASEWORKER);
    await cpage.goto(`${server.baseUrl}/#/casework`);
    await cpage.locator('.board .case-card').first().waitFor();
    await cpage.waitForTimeout(300);
    await cpage.screenshot({ path: path.join(outDir, 'casework-board.png') });
    console.log('saved casework-board.png');
    await cw.close();

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
