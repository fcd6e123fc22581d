import { test as base, expect, Page } from '@playwright/test';

export { expect };

/**
 * Records what goes wrong inside the page's wasm: an uncaught error, or a
 * Rust panic (an island asking for server-only context, say). Refused
 * requests are expected in some tests and are not counted.
 */
export function watchForPanics(page: Page, into: string[]) {
  page.on('pageerror', (e) => into.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked')) into.push(m.text());
  });
}

/** Playwright's `test`, failing any test whose page panicked. */
export const test = base.extend<{ panics: string[] }>({
  panics: [
    async ({ page }, use) => {
      const panics: string[] = [];
      watchForPanics(page, panics);
      await use(panics);
      expect(panics, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

export const DEMO_PASSWORD = 'BusinessCenter-2026';

/** Opens a page and waits until it is hydrated (clicks on dead SSR markup do nothing). */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** The first invitation link in the newest email to `to`, from the demo mailbox. */
export async function invitationLink(page: Page, to: string): Promise<string> {
  await open(page, '/mailbox');
  const message = page.locator(`article.message[data-to="${to}"]`).first();
  await expect(message).toBeVisible();
  const href = await message.locator('a.button').first().getAttribute('href');
  expect(href).toContain('/invitations/');
  return new URL(href!).pathname;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await open(page, '/login');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  await page.waitForSelector('body[data-hydrated="true"]');
}

export async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('/login');
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** Fills the "Create your organizational account" form and presses Start. */
export async function createAccount(page: Page, name: string, password: string, country: string) {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Create password').fill(password);
  await page.getByLabel('Confirm your password').fill(password);
  await page.getByLabel('Country/region').selectOption(country);
  await page.getByLabel(/I agree to the terms/).check();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForURL('/');
  await page.waitForSelector('body[data-hydrated="true"]');
}
