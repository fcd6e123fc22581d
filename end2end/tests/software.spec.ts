import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { expect, open, signIn, test } from './helpers';

// Seed 002 end to end: the Software page of a customer, keys and downloads.

const AGENT = 'adminagent@contoso-partner.example';
const KEY = /^[BCDFGHJKMPQRTVWXY2346789]{5}(-[BCDFGHJKMPQRTVWXY2346789]{5}){4}$/;

test('R-SW-03 R-SW-04 an Admin Agent gets keys and downloads and downloads the file', async ({ page }) => {
  await signIn(page, AGENT);
  await open(page, '/customers');
  const customer = await page.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  await open(page, `${customer}/software`);
  await expect(page.getByTestId('customer-name')).toHaveText('台灣精密工業股份有限公司');

  // The demo's perpetual Windows Server: its key, then version, language
  // and file type/OS → Submit shows that file → Get keys and downloads.
  const purchase = page.locator('[data-testid="software-purchase"][data-product="windows-server-2025-standard-perpetual"]');
  await expect(purchase.getByTestId('product-key')).toHaveText(KEY);
  await purchase.getByTestId('pick-version').selectOption('2025');
  await purchase.getByTestId('pick-language').selectOption('zh-TW');
  await purchase.getByTestId('pick-file_type').selectOption('iso');
  await purchase.getByTestId('submit-product').click();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(purchase.getByTestId('picked')).toContainText('2025 · zh-TW · iso');
  await purchase.getByTestId('get-keys').click();

  const name = 'windows-server-2025-standard-perpetual_2025_zh-TW_iso.iso';
  const link = purchase.getByTestId('download-link').first();
  await expect(link).toContainText(name);
  await expect(link.getByTestId('link-left')).toHaveText('14 days, 50 downloads left');
  const sha = (await link.getAttribute('data-sha256'))!;

  // The file itself: its name, its 262,144 bytes and the SHA-256 the page
  // showed, worked out here from what arrived.
  const [download] = await Promise.all([page.waitForEvent('download'), link.getByTestId('download').click()]);
  expect(download.suggestedFilename()).toBe(name);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.length).toBe(262144);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);

  // The link to copy is a whole URL to this file; the page counts the download.
  const copied = await link.getByTestId('copy-link').inputValue();
  expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43}$/);
  await open(page, `${customer}/software`);
  await expect(purchase.getByTestId('download-link').first().getByTestId('link-left')).toHaveText(
    '14 days, 49 downloads left',
  );

  // R-SW-05: the Global Administrator's activity log (gear → Activity log)
  // shows who got the keys and who downloaded, and which product.
  await page.context().clearCookies();
  await signIn(page, 'global@contoso-partner.example');
  await page.getByTestId('user-menu').click();
  await page.getByRole('link', { name: 'Activity log' }).click();
  await page.waitForSelector('body[data-hydrated="true"]');
  const rows = page.getByTestId('activity').locator('tbody tr');
  await expect(rows.filter({ hasText: 'Downloaded software' }).filter({ hasText: 'Adam Agent' })).toHaveCount(1);
  await expect(
    rows.filter({ hasText: 'Accessed product keys' }).filter({ hasText: 'Windows Server 2025 Standard' }).first(),
  ).toBeVisible();
});

test('R-SW-03 the customer sees its keys read-only, a Sales Agent none', async ({ page }) => {
  await signIn(page, 'reports@twprecision.example');
  await open(page, '/software');
  const purchase = page.locator('[data-testid="software-purchase"][data-product="windows-server-2025-standard-perpetual"]');
  await expect(purchase.getByTestId('product-key')).toHaveText(KEY);
  await expect(purchase.getByTestId('get-keys')).toHaveCount(0);
  await expect(purchase.getByTestId('select-product')).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, 'sales@contoso-partner.example');
  await open(page, '/customers');
  const customer = await page.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  await open(page, `${customer}/software`);
  const sold = page.locator('[data-testid="software-purchase"][data-product="windows-server-2025-standard-perpetual"]');
  await expect(sold).toBeVisible();
  await expect(sold.getByTestId('product-key')).toHaveCount(0);
  await expect(sold.getByTestId('select-product')).toHaveCount(0);
});

test('R-SW-06 R-SW-07 an order cancelled for the previewed credit revokes its link', async ({ page }) => {
  await signIn(page, AGENT);
  await open(page, '/customers');
  const customer = await page.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  await open(page, `${customer}/software`);

  // The demo's four Windows Server 2025 Standard licenses, bought 10 days
  // ago at TWD 36,456.00 each: perpetual, so credited in full, 4 × 3,645,600.
  const dialog = page.getByTestId('software-cancel');
  const select = dialog.getByTestId('cancel-order');
  const value = await select.locator('option', { hasText: 'Windows Server 2025 Standard' }).getAttribute('value');
  await select.selectOption(value!);
  await expect(dialog.getByTestId('cancel-days-left')).toHaveText('50 days left to cancel this order.');
  await expect(dialog.getByTestId('cancel-software')).toBeDisabled();
  await dialog.getByTestId('cancel-acknowledge').check();
  const preview = dialog.getByTestId('software-cancel-preview');
  await expect(preview).toHaveAttribute('data-amount', '14582400');
  await dialog.getByTestId('cancel-software').click();
  await expect(page.getByTestId('software-cancelled-banner')).toBeVisible();

  const purchase = page.locator('[data-testid="software-purchase"][data-product="windows-server-2025-standard-perpetual"]');
  await expect(purchase.getByTestId('software-cancelled')).toBeVisible();
  await expect(purchase.getByTestId('product-key')).toHaveCount(0);
  await expect(purchase.getByTestId('download-link').first().getByTestId('link-left')).toHaveText(
    'The purchase was cancelled, and its keys and download links were revoked.',
  );

  // The credit is the preview's, on the next month's invoice (the newest).
  await open(page, `${customer}/invoices`);
  await page.getByTestId('invoices').getByRole('link').first().click();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.locator('tr[data-reason="software_credit"][data-amount="-14582400"]')).toHaveCount(1);
});
