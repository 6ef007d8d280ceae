// Drives the web page in headless Chromium (playwright-core): waits for the series to be drawn, says READY on stdout,
// waits for a live alert to reach the feed and the chart, then writes a screenshot. Every step is one JSON line.
// Usage: node page-check.mjs <page url> <screenshot path> <expected points>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, screenshot, expectedPoints] = process.argv.slice(2);
const say = (step, detail = {}) => console.log(JSON.stringify({ step, ...detail }));
const profile = mkdtempSync(join(tmpdir(), 'vigia-chromium-'));
// A fresh profile each run (playwright passes it to Chromium as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.VIGIA_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1100, height: 760 },
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => say('pageerror', { message: error.message }));
  await page.goto(url);
  await page.waitForFunction((n) => document.querySelectorAll('#chart circle.point').length === n, Number(expectedPoints), { timeout: 60000 });
  say('READY', { points: await page.locator('#chart circle.point').count(), status: await page.locator('#status').textContent() });
  await page.waitForSelector('#feed li.opened', { timeout: 120000 });
  await page.waitForSelector('#chart rect.alert', { timeout: 30000 });
  say('ALERT', {
    feed: await page.locator('#feed li').first().textContent(),
    shaded: await page.locator('#chart rect.alert').count(),
    points: await page.locator('#chart circle.point').count(),
    status: await page.locator('#status').textContent(),
  });
  await page.screenshot({ path: screenshot, fullPage: true });
  say('SCREENSHOT', { path: screenshot });
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
