/**
 * The reference page of `statuskit serve` in headless Chromium: every code listed, the search box
 * filters as you type, a "try it" link gets the chosen status, and screenshots at desktop and
 * phone width go to docs/screenshots/. Skipped with a message when /usr/bin/chromium is missing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type StatusServer, startStatusServer } from '../src/cli/serve/index.js';
import { STATUS_DESCRIPTIONS } from '../src/registry/index.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (install chromium to run this test)`;
const SHOTS = new URL('../docs/screenshots/', import.meta.url);

let server: StatusServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startStatusServer({ port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.url}/`);
  assert.deepEqual(errors, [], 'no script or CSP errors');
  return page;
}

const visibleCodes = (page: Page) =>
  page.$$eval('article[data-code]', (cards) =>
    cards
      .filter((c) => (c as HTMLElement).offsetParent !== null)
      .map((c) => Number(c.getAttribute('data-code'))),
  );

test('the page lists every registered code, grouped by class', { skip }, async () => {
  const page = await open(1280, 900);
  assert.deepEqual(
    await visibleCodes(page),
    STATUS_DESCRIPTIONS.map((d) => d.code),
  );
  assert.equal(await page.locator('section[data-class]').count(), 5);
  assert.equal(await page.locator('#count').textContent(), `${STATUS_DESCRIPTIONS.length} codes`);
  await page.close();
});

test('typing "too large" keeps 413 and 431 and hides 404', { skip }, async () => {
  const page = await open(1280, 900);
  await page.locator('#q').pressSequentially('too large');
  const shown = await visibleCodes(page);
  assert.ok(shown.includes(413) && shown.includes(431), `shown: ${shown.join(', ')}`);
  assert.ok(!shown.includes(404));
  assert.ok(await page.locator('#class-2xx').isHidden(), 'classes without a match are hidden');
  await page.locator('#q').fill('no such words here');
  assert.deepEqual(await visibleCodes(page), []);
  assert.ok(await page.locator('#empty').isVisible());
  await page.close();
});

test('a "try it" link gets the chosen status', { skip }, async () => {
  const page = await open(1280, 900);
  for (const code of [418, 503]) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${server.url}/${code}`),
      page.locator(`#code-${code} a.try`).click(),
    ]);
    assert.equal(response.status(), code);
    assert.equal(((await response.json()) as { error: string }).error.length > 0, true);
    await page.goBack();
  }
  await page.close();
});

test('screenshots at desktop and phone width', { skip }, async () => {
  mkdirSync(SHOTS, { recursive: true });
  const desktop = await open(1280, 900);
  await desktop.screenshot({ path: new URL('reference-desktop.png', SHOTS).pathname });
  await desktop.locator('#q').fill('retry');
  await desktop.screenshot({ path: new URL('reference-search.png', SHOTS).pathname });
  await desktop.close();
  const phone = await open(390, 844);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  await phone.screenshot({ path: new URL('reference-phone.png', SHOTS).pathname });
  await phone.close();
});
