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

  // The demo's perpetual Windows Server: its key, shown on request (the
  // recorded reveal), then version, language and file type/OS → Submit
  // shows that file → Get keys and downloads.
  const purchase = page.locator('[data-testid="software-purchase"][data-product="windows-server-2025-standard-perpetual"]');
  await expect(purchase.getByTestId('product-key')).toHaveCount(0);
  await page.waitForSelector('body[data-hydrated="true"]');
  await purchase.getByTestId('show-key').click();
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

  // The link to copy is a whole URL to this file, and "Copy link" puts it
  // on the clipboard; the page counts the download.
  const copied = await link.getByTestId('copy-link').inputValue();
  expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43}$/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await link.getByTestId('copy-button').click();
  await expect(link.getByTestId('copy-button')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copied);
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
  await page.waitForSelector('body[data-hydrated="true"]');
  await purchase.getByTestId('show-key').click();
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
  await expect(sold.getByTestId('show-key')).toHaveCount(0);
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

test('R-SW-08 an order past its 60 days is refunded through a support request', async ({ page }) => {
  await signIn(page, AGENT);
  await open(page, '/customers');
  const customer = await page.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  await open(page, `${customer}/software`);

  // The demo's two SQL Server 2022 Standard subscriptions, bought 75 days
  // ago: the dialog cannot cancel them and sends the partner to support.
  const dialog = page.getByTestId('software-cancel');
  const select = dialog.getByTestId('cancel-order');
  const value = await select.locator('option', { hasText: 'SQL Server 2022 Standard' }).getAttribute('value');
  await select.selectOption(value!);
  await expect(dialog.getByTestId('cancel-days-left')).toHaveText('The 60 days to cancel this order have passed.');
  await dialog.getByTestId('software-cancel-support').click();

  // The form knows the order and what it paid: 2 × TWD 42,811.00.
  await expect(page.getByTestId('support-order').locator('option:checked')).toContainText('SQL Server 2022 Standard');
  await expect(page.getByTestId('support-amount')).toHaveValue('85622.00');
  await page.getByTestId('support-title').fill('Refund the SQL Server subscriptions');
  await page.getByTestId('support-reason').fill('The customer moved to SQL Server Enterprise.');
  await page.getByTestId('support-amount').fill('85622.01');
  await page.getByTestId('support-description').fill('Bought 75 days ago; unused since.');
  await page.getByTestId('support-phone').fill('+886 2 2345 6789');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByTestId('file-support-request').click();
  await expect(page.locator('[data-errors-for="amount"]')).toContainText('Ask for at most TWD 85,622.00');
  await page.getByTestId('support-amount').fill('85622');
  await page.getByTestId('file-support-request').click();
  await expect(page.getByTestId('support-banner')).toBeVisible();
  await expect(page.getByTestId('support-request')).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('support-amount-shown')).toHaveText('TWD 85,622.00');

  // Evidence: a text file is attached, a renamed one refused by its content.
  const request = page.url().split('?')[0];
  await page.getByTestId('support-files').setInputFiles({
    name: 'usage.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf'),
  });
  await page.getByTestId('support-upload').click();
  await expect(page.locator('[data-errors-for="attachments"]')).toContainText('usage.pdf is not a PDF');
  await page.getByTestId('support-files').setInputFiles({
    name: 'usage.txt', mimeType: 'text/plain', buffer: Buffer.from('No sign-ins since purchase.'),
  });
  await page.getByTestId('support-upload').click();
  await expect(page.getByTestId('support-attachment')).toHaveCount(1);
  await expect(page.getByTestId('support-attachment')).toContainText('usage.txt');

  // The provider's operator answers; the partner sees the status.
  await page.context().clearCookies();
  await signIn(page, 'ops@bc.example');
  await open(page, '/support-requests');
  await page.getByRole('link', { name: /Refund the SQL Server subscriptions/ }).click();
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByTestId('support-status').selectOption('resolved');
  await page.getByTestId('support-answer-text').fill('Approved: TWD 85,622.00 is credited on the next invoice.');
  await page.getByTestId('support-send-answer').click();
  await expect(page.getByTestId('support-request')).toHaveAttribute('data-status', 'resolved');

  await page.context().clearCookies();
  await signIn(page, AGENT);
  await open(page, '/support-requests');
  await expect(page.getByTestId('support-row').first()).toHaveAttribute('data-status', 'resolved');
  await open(page, request.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.getByTestId('support-answer')).toHaveText('Approved: TWD 85,622.00 is credited on the next invoice.');
});
