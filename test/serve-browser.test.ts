/**
 * The reference page of `statuskit serve` (started from dist/) in headless Chromium: every code
 * listed, the search box filters as you type, a "try it" link gets the chosen status, the builder
 * makes the URL and curl line of a request, titles stay beside their codes, and screenshots at
 * desktop and phone width go to docs/screenshots/. Skipped with a message when /usr/bin/chromium
 * is missing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { STATUS_DESCRIPTIONS } from '../src/registry/index.js';
import { type RunningServe, startServeFromDist } from './fixtures/serve-on-free-port.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (install chromium to run this test)`;
// The checked-in screenshots are refreshed only when asked (SCREENSHOTS=docs); a plain test run
// writes them to a temporary folder, so it leaves the working tree as it found it.
const SHOTS =
  process.env.SCREENSHOTS === 'docs'
    ? new URL('../docs/screenshots/', import.meta.url)
    : pathToFileURL(`${mkdtempSync(join(tmpdir(), 'statuskit-shots-'))}/`);

let server: RunningServe;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startServeFromDist();
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

const WIDTHS = [
  [1280, 900],
  [390, 844],
] as const;

for (const [width, height] of WIDTHS) {
  test(`the builder makes the URL and curl line of a request (${width} px)`, { skip }, async () => {
    const page = await open(width, height);
    await page.locator('#b-code').fill('429');
    await page.locator('#b-sleep').fill('200');
    await page.locator('#b-fault').selectOption('dribble=1:100');
    await page.locator('#b-header').fill('X-Trace: a b');
    const url = `${server.url}/429?sleep=200&dribble=1:100&header=X-Trace%3Aa%20b`;
    assert.equal(await page.locator('#b-url').textContent(), url);
    assert.equal(await page.locator('#b-url').getAttribute('href'), url);
    assert.equal(await page.locator('#b-curl').textContent(), `curl -i '${url}'`);
    assert.equal(await page.locator('#b-note').textContent(), '');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === url),
      page.locator('#b-url').click(),
    ]);
    assert.equal(response.status(), 429);
    assert.equal(response.headers()['x-trace'], 'a b');
    assert.equal(await response.text(), '{"error":"Too many requests"}', 'the dribbled body, whole');
    await page.goBack();
    await page.locator('#b-code').fill('99');
    await page.locator('#b-header').fill('no colon');
    assert.match((await page.locator('#b-note').textContent()) ?? '', /100 to 599.*Name: Value/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
    await page.close();
  });

  test(`titles stay beside their codes, 431 beside 413 and 414 too (${width} px)`, { skip }, async () => {
    const page = await open(width, height);
    const misplaced = () =>
      page.$$eval('article[data-code]', (cards) =>
        cards
          .filter((c) => (c as HTMLElement).offsetParent !== null)
          .filter((c) => {
            const num = c.querySelector('.num')!.getBoundingClientRect();
            const phrase = c.querySelector('.phrase')!.getClientRects()[0]!;
            return phrase.left < num.right || phrase.top >= num.bottom;
          })
          .map((c) => c.getAttribute('data-code')),
      );
    assert.deepEqual(await misplaced(), [], 'every card');
    await page.locator('#q').fill('too large');
    assert.deepEqual(await visibleCodes(page), [413, 414, 431]);
    assert.deepEqual(await misplaced(), [], 'the search for "too large"');
    await page.close();
  });
}

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
