import { CDPSession, Page } from '@playwright/test';
import { expect, signIn, test } from '../tests/helpers';

// What a partner on a slow network waits for (issue 19): the sign-in page
// and a subscription page, cold (empty cache) and warm, on Chromium's
// "slow 4G"-like profile: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT.
const PROFILE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

type Load = { bytes: number; ttfb: number; dcl: number; lcp: number; interactive?: number };

/** Bytes that crossed the (emulated) network for everything the page loaded. */
async function countBytes(cdp: CDPSession): Promise<() => number> {
  let total = 0;
  cdp.on('Network.loadingFinished', (e) => (total += e.encodedDataLength));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', PROFILE);
  return () => total;
}

/** DOMContentLoaded and the largest contentful paint, from the page's own clock. */
async function timings(page: Page): Promise<{ dcl: number; lcp: number }> {
  return page.evaluate(
    () =>
      new Promise<{ dcl: number; lcp: number }>((resolve) => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({
            dcl: Math.round(nav.domContentLoadedEventEnd),
            lcp: Math.round(entries[entries.length - 1].startTime),
          });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
}

/**
 * Loads `path` and, for a subscription page, types a seat count and waits
 * for the live preview: the moment the page answers a keystroke (its
 * island hydrated), counted from the start of the navigation.
 */
async function load(page: Page, path: string, bytes: () => number, preview: boolean): Promise<Load> {
  const before = bytes();
  const start = Date.now();
  await page.goto(path, { waitUntil: 'commit' });
  // The first byte as the test sees it (the page's own navigation timing
  // does not include the emulated latency).
  const ttfb = Date.now() - start;
  let interactive: number | undefined;
  if (preview) {
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 60_000 });
    const seats = page.getByTestId('seats-input');
    const next = String(Number(await seats.inputValue()) + 1);
    await seats.fill(next);
    await expect(page.getByTestId('seat-preview')).toHaveAttribute('data-amount', /\d/);
    interactive = Date.now() - start;
  }
  // Everything the page asks for, the wasm its islands preload included.
  await page.waitForLoadState('networkidle');
  return { bytes: bytes() - before, ttfb, ...(await timings(page)), interactive };
}

test('first load on a slow network', async ({ browser }) => {
  // Signed in on the fast network; the measured contexts start with its cookie only.
  const setup = await browser.newContext();
  const signed = await setup.newPage();
  await signIn(signed, 'sales@contoso-partner.example');
  await signed.goto('/customers');
  const customer = await signed.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  await signed.goto(`${customer}/subscriptions`);
  const subscription = (await signed.locator('tr[data-subscription] a').first().getAttribute('href'))!;
  const state = await setup.storageState();
  await setup.close();

  const rows: [string, Load][] = [];
  for (const [name, path, preview, signedIn] of [
    ['sign-in page', '/login', false, false],
    ['subscription page', subscription, true, true],
  ] as const) {
    const context = await browser.newContext(signedIn ? { storageState: state } : {});
    const page = await context.newPage();
    const bytes = await countBytes(await context.newCDPSession(page));
    rows.push([`${name}, cold`, await load(page, path, bytes, preview)]);
    rows.push([`${name}, warm`, await load(page, path, bytes, preview)]);
    await context.close();
  }
  console.log('\n| load | bytes | TTFB | DCL | LCP | preview answers |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, l] of rows) {
    const ms = (v?: number) => (v === undefined ? '–' : `${v} ms`);
    console.log(`| ${name} | ${l.bytes.toLocaleString('en')} B | ${ms(l.ttfb)} | ${ms(l.dcl)} | ${ms(l.lcp)} | ${ms(l.interactive)} |`);
  }
});
