// Starts the real chorus server on a throwaway store with the demo data and
// drives Debian's Chromium through playwright-core. Shared by the end-to-end
// tests (e2e/run.mjs) and the README screenshots (e2e/screenshots.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(WEB_DIR, '..');
export const USER = { name: 'e2e', password: 'e2e-password-correct-horse', role: 'documenter' };
// Casework (#5) is for caseworkers and administrators only.
export const CASEWORKER = { name: 'e2e-caseworker', password: USER.password, role: 'caseworker' };
export const ADMIN = { name: 'e2e-admin', password: USER.password, role: 'administrator' };

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function run(bin, args, env, what) {
  const r = spawnSync(bin, args, { env, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim()}`);
  }
  return r.stdout;
}

/** Builds web/dist with Vite (the server serves it). */
export function buildWeb() {
  const r = spawnSync(path.join(WEB_DIR, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr || r.stdout}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The demo bundles: data/demo/*.json. */
export function demoBundles() {
  const dir = path.join(REPO_DIR, 'data', 'demo');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
  if (!files.length) throw new Error(`no demo bundle in ${dir}`);
  return files;
}

/**
 * A store in a temp folder, the demo imported, a documenter, a caseworker
 * and an administrator, then `setup(chorus)` if given (chorus(args) runs the
 * CLI on the store and returns its output: requests for the queue, say), and
 * `chorus serve` on a free loopback port. stop() kills the server by PID.
 */
export async function startServer({ bin, log = () => {}, setup = null } = {}) {
  if (!bin || !fs.existsSync(bin)) throw new Error(`CHORUS_BIN does not name the chorus binary: '${bin ?? ''}'`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-'));
  const store = path.join(tmp, 'e2e.chorus');
  const env = {
    ...process.env,
    CHORUS_PASSPHRASE: 'e2e passphrase: not a real secret',
    CHORUS_TEST: '1',
    CHORUS_NEW_PASSWORD: USER.password,
  };
  delete env.CHORUS_STORE;
  run(bin, ['--store', store, 'init'], env, 'chorus init');
  run(bin, ['--store', store, 'import', ...demoBundles()], env, 'chorus import');
  for (const u of [USER, CASEWORKER, ADMIN]) {
    run(bin, ['--store', store, 'user', 'add', u.name, '--role', u.role], { ...env, CHORUS_NEW_PASSWORD: u.password }, 'chorus user add');
  }
  if (setup) setup((args) => run(bin, ['--store', store, ...args], env, `chorus ${args.slice(0, 2).join(' ')}`));
  const port = await freePort();
  const serverLog = path.join(tmp, 'server.log');
  const out = fs.openSync(serverLog, 'a');
  const child = spawn(
    bin,
    ['--store', store, 'serve', '--listen', `127.0.0.1:${port}`, '--web-root', path.join(WEB_DIR, 'dist'), '--access-log', 'off'],
    { env, stdio: ['ignore', out, out] },
  );
  const pid = child.pid;
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
      if (!exited) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    if (!process.env.E2E_KEEP_STORE) fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited) throw new Error(`chorus serve exited early (${JSON.stringify(exited)}): ${fs.readFileSync(serverLog, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/session`);
      if (res.status === 401 || res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`chorus serve did not answer within 30 s: ${fs.readFileSync(serverLog, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  log(`chorus serve (pid ${pid}) on ${baseUrl}, store ${store}`);
  return { baseUrl, pid, stop, tmp, serverLog };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Logs in through the form, as the documenter unless another user is given. */
export async function login(page, baseUrl, lang = 'en', user = USER) {
  await page.goto(`${baseUrl}/#/reports`);
  await page.evaluate((l) => localStorage.setItem('chorus.lang', l), lang);
  await page.reload();
  await page.locator('#username').fill(user.name);
  await page.locator('#password').fill(user.password);
  await page.locator('form.login button[type=submit]').click();
  await page.locator('nav.main-nav').waitFor();
}
