import { Page } from '@playwright/test';
import { expect, open, test } from './helpers';

// Issue 18 §2: a journey with the keyboard only, from signing in to a
// committed seat change at the previewed figure: Tab, type, Enter.

/** Presses Tab until the focused element matches `selector` (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('keyboard only: sign in, open a subscription, change its seats at the previewed figure', async ({ page }) => {
  await open(page, '/login');
  await tabTo(page, 'input[name="email"]');
  await page.keyboard.type('sales@contoso-partner.example');
  await tabTo(page, 'input[name="password"]');
  await page.keyboard.type('BusinessCenter-2026');
  await page.keyboard.press('Enter');
  await page.waitForURL('/');
  await page.waitForSelector('body[data-hydrated="true"]');

  // Customers, a customer, its subscriptions, the first one: links followed with Enter.
  await tabTo(page, 'nav.main-nav a[href="/customers"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-hydrated="true"]');
  await tabTo(page, 'main a[href^="/customers/"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-hydrated="true"]');
  await tabTo(page, 'main a[href$="/subscriptions"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-hydrated="true"]');
  await tabTo(page, 'main a[href^="/subscriptions/"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-hydrated="true"]');

  const seats = Number((await page.getByTestId('seats').textContent())!.trim());
  await tabTo(page, '[data-testid="seats-input"]');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(seats + 2));
  const preview = page.getByTestId('seat-preview');
  await expect(preview).toContainText('TWD');
  const amount = Number(await preview.getAttribute('data-amount'));
  expect(amount).toBeGreaterThan(0);
  await tabTo(page, '[data-testid="save-seats"]');
  await page.keyboard.press('Enter');
  await page.waitForLoadState('load');
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('seats')).toHaveText(String(seats + 2));
});
