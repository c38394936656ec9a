// Runs every *.e2e.mjs scenario in this folder (or every file ending in
// $E2E_SUFFIX, e.g. .shots.mjs for `make screenshots`, .bench.mjs for
// `make bench-e2e`, whose scenarios print `bench:` lines) against a running
// `wails dev` (URL in argv[2]) with playwright-core and Debian's Chromium.
// Each scenario gets a fresh browser context; a failure saves a screenshot.
import { readdir, mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseURL = process.argv[2] ?? 'http://localhost:34115';
const artifacts = path.resolve(here, '..', '..', 'test-artifacts');
const only = process.env.E2E_ONLY;
const suffix = process.env.E2E_SUFFIX || '.e2e.mjs';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

let passed = 0;
let failed = 0;
try {
  const files = (await readdir(here)).filter((f) => f.endsWith(suffix)).sort();
  for (const file of files) {
    const scenario = await import(pathToFileURL(path.join(here, file)).href);
    const name = scenario.name ?? file;
    if (only && !name.includes(only)) continue;
    const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    // Every wait ends when what it waits for appears; the limit only guards
    // against a hang, and a loaded machine (wails dev under -race) must not meet it.
    page.setDefaultTimeout(60_000);
    const consoleErrors = [];
    // wails dev's own reconnect overlay (/wails/ipc.js) throws once in a
    // plain browser; anything else uncaught fails the scenario.
    page.on('pageerror', (err) => {
      if (!String(err?.stack).includes('/wails/ipc.js')) consoleErrors.push(String(err?.stack ?? err));
    });
    const started = Date.now();
    try {
      await scenario.default(page, { baseURL });
      if (consoleErrors.length > 0) throw new Error(`uncaught page errors:\n${consoleErrors.join('\n')}`);
      passed++;
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed++;
      await mkdir(artifacts, { recursive: true });
      const shot = path.join(artifacts, `${file.replace(/\W+/g, '_')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.log(`FAIL ${name}\n${err?.stack ?? err}\n  screenshot: ${shot}`);
    } finally {
      // The session lives in the Go app, shared by every scenario: a failed
      // one must not leave the next starting signed in.
      await page.evaluate(() => window.go?.main?.App?.SignOut()).catch(() => {});
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
