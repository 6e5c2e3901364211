// The browser end-to-end tests: builds the UI, starts the real `chorus serve`
// on a throwaway store with the demo data ($CHORUS_BIN), runs e2e/tests.mjs
// in Debian's Chromium, saves screenshots under web/test-output/, stops the
// server by PID and prints "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { WEB_DIR, buildWeb, launchBrowser, startServer } from './harness.mjs';
import { tests } from './tests.mjs';

const outDir = path.join(WEB_DIR, 'test-output');
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  if (!process.env.E2E_SKIP_BUILD) buildWeb();
  let server = null;
  let browser = null;
  let passed = 0;
  let failed = 0;
  const stopAll = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      await stopAll();
      process.exit(130);
    });
  }
  try {
    server = await startServer({ bin: process.env.CHORUS_BIN, log: (m) => console.log(`# ${m}`) });
    browser = await launchBrowser();
    const state = {};
    let n = 0;
    for (const test of tests) {
      n += 1;
      if (only && !only.test(test.name)) continue;
      const slug = `${String(n).padStart(2, '0')}-${test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/-+$/, '')}`;
      const context = await browser.newContext({ viewport: test.viewport ?? { width: 1280, height: 800 }, locale: 'en-GB' });
      const page = await context.newPage();
      page.setDefaultTimeout(10000);
      const consoleErrors = [];
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      const ctx = {
        state,
        shot: (name) => path.join(outDir, `${slug}-${name}.png`),
      };
      const started = Date.now();
      try {
        await test.run.call(ctx, { page, baseUrl: server.baseUrl });
        if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('; ')}`);
        await page.screenshot({ path: path.join(outDir, `${slug}.png`) });
        passed += 1;
        console.log(`ok ${n} - ${test.name} (${Date.now() - started} ms)`);
      } catch (err) {
        failed += 1;
        await page.screenshot({ path: path.join(outDir, `${slug}-FAILED.png`), fullPage: true }).catch(() => {});
        console.log(`not ok ${n} - ${test.name}`);
        console.log(String(err?.stack ?? err).split('\n').map((l) => `#   ${l}`).join('\n'));
      } finally {
        await context.close();
      }
    }
  } catch (err) {
    failed += 1;
    console.log(`not ok - set-up: ${err?.message ?? err}`);
    if (server?.serverLog && fs.existsSync(server.serverLog)) {
      console.log(fs.readFileSync(server.serverLog, 'utf8').slice(-2000));
    }
  } finally {
    await stopAll();
  }
  console.log(`screenshots: ${path.relative(process.cwd(), outDir) || '.'}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
