import { Browser, Page } from '@playwright/test';
import { expect, open, signIn, test, watchForPanics } from './helpers';

// SPEC §2: Software Assurance benefits. The Taiwan customer's administrator
// (zh-TW interface) and the partner Contoso's Global Administrator (English)
// each get their own browser context, so both stay signed in.
const CUSTOMER = 'admin@twprecision.example';
const PARTNER = 'global@contoso-partner.example';
const CUSTOMER_NAME = '台灣精密工業股份有限公司';

/** A signed-in page in its own browser context; its panics fail the test too. */
async function as(browser: Browser, panics: string[], email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  watchForPanics(page, panics);
  await signIn(page, email);
  return page;
}

function row(page: Page, kind: string) {
  return page.locator(`table[data-testid="benefits"] tr[data-kind="${kind}"]`);
}

/** Opens a benefit's details page from the list (the arrow at the end of the row). */
async function openBenefit(page: Page, kind: string) {
  await row(page, kind).locator('a.arrow').click();
  await page.waitForURL(/\/benefits\/\d+$/);
  // A value typed before the preview island hydrates is never previewed.
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('conversion')).toBeVisible();
}

async function expectBalances(page: Page, training: string, planning: string) {
  await expect(row(page, 'training_vouchers')).toHaveAttribute('data-remaining', training);
  await expect(row(page, 'planning_services')).toHaveAttribute('data-remaining', planning);
}

test('R-SAB-01 R-SAB-02 R-SAB-08 R-SAB-09 the customer converts training days with a live preview and reverses one day', async ({ browser, panics }) => {
  const page = await as(browser, panics, CUSTOMER);
  // R-SAB-01: "Licenses and services" opens by default.
  await open(page, '/inventory');
  await expect(page.getByTestId('licenses')).toBeVisible();
  await page.getByTestId('tab-benefits').click();
  await expect(page.getByTestId('usage-chart')).toBeVisible();
  await expect(page.getByTestId('more-benefits')).toBeVisible();
  await expectBalances(page, '10', '5');

  await openBenefit(page, 'planning_services');
  await expect(page.getByTestId('conversion-max')).toHaveText('3');
  const days = page.getByTestId('conversion-days');
  const submit = page.getByTestId('conversion-submit');
  // Live preview: computed in the browser by the rules crate as one types.
  await days.fill('3');
  await expect(page.getByTestId('conversion-training-left')).toHaveText('1');
  await expect(page.getByTestId('conversion-planning-left')).toHaveText('8');
  await expect(submit).toBeEnabled();
  for (const bad of ['4', '0', '-1', '1.5']) {
    await days.fill(bad);
    await expect(page.getByTestId('conversion-error')).toBeVisible();
    await expect(submit).toBeDisabled();
  }
  await days.fill('3');
  await submit.click();
  await expect(page.getByTestId('converted')).toBeVisible();
  await expect(page.getByTestId('conversion-max')).toHaveText('0');

  await open(page, '/inventory?tab=benefits');
  await expectBalances(page, '1', '8');

  // R-SAB-09: back from the Training Vouchers page, bounded by the 3 converted days.
  await openBenefit(page, 'training_vouchers');
  await expect(page.getByTestId('conversion-max')).toHaveText('3');
  await page.getByTestId('conversion-days').fill('1');
  await expect(page.getByTestId('conversion-training-left')).toHaveText('4');
  await page.getByTestId('conversion-submit').click();
  await expect(page.getByTestId('converted')).toBeVisible();
  await open(page, '/inventory?tab=benefits');
  await expectBalances(page, '4', '7');
});

test('R-SAB-10 R-SAB-11 a partner asks, the customer approves, the partner converts, the customer removes permission, the partner is refused', async ({ browser, panics }) => {
  const partner = await as(browser, panics, PARTNER);
  await open(partner, '/customers');
  await partner.getByRole('link', { name: CUSTOMER_NAME }).click();
  await partner.waitForURL(/\/customers\/\d+$/);
  const customerPage = partner.url();
  await partner.getByTestId('request-benefit-permission').click();
  await expect(partner.getByTestId('benefit-permission-status')).toHaveText('Pending');

  // The customer sees the link only now, approves, and gets the banner.
  const customer = await as(browser, panics, CUSTOMER);
  await open(customer, '/inventory?tab=benefits');
  await customer.getByTestId('partner-permissions-link').click();
  await customer.waitForURL('/partner-benefits');
  const request = customer.locator('tr[data-partner^="Contoso"]');
  await request.getByTestId('change-status').selectOption('approve');
  await request.getByTestId('submit-status').click();
  await expect(customer.getByTestId('permission-banner')).toBeVisible();
  await expect(request.getByTestId('permission-status')).toHaveText('已核准');

  // The partner is notified by email.
  await open(partner, '/mailbox');
  await expect(partner.locator(`article.message[data-to="${PARTNER}"]`).first()).toContainText('approved');

  // With approval the partner converts for the customer.
  await open(partner, customerPage);
  await partner.getByTestId('manage-customer-benefits').click();
  await partner.waitForURL(/\/inventory\?customer=\d+/);
  const inventory = partner.url();
  const before = Number(await row(partner, 'training_vouchers').getAttribute('data-remaining'));
  await openBenefit(partner, 'planning_services');
  await partner.getByTestId('conversion-days').fill('1');
  await partner.getByTestId('conversion-submit').click();
  await expect(partner.getByTestId('converted')).toBeVisible();
  await open(partner, inventory);
  await expect(row(partner, 'training_vouchers')).toHaveAttribute('data-remaining', String(before - 3));

  // The partner has the reversal form open when the customer removes permission.
  await openBenefit(partner, 'training_vouchers');
  await open(customer, '/partner-benefits');
  await request.getByTestId('change-status').selectOption('remove');
  await request.getByTestId('submit-status').click();
  await expect(customer.getByTestId('permission-banner')).toBeVisible();

  await partner.getByTestId('conversion-days').fill('1');
  await partner.getByTestId('conversion-submit').click();
  // The server refuses the conversion; after a reload, the page too.
  await expect(partner.getByRole('alert')).toContainText("You don't have permission to do this.");
  await partner.reload();
  await expect(partner.getByRole('alert')).toContainText("You don't have permission to see this.");
  // Nothing changed: the customer still sees the balance the partner left.
  await open(customer, '/inventory?tab=benefits');
  await expect(row(customer, 'training_vouchers')).toHaveAttribute('data-remaining', String(before - 3));
});

test('R-SAB-05 R-SAB-11 the customer edits a benefit user, assigns a training voucher and revokes it', async ({ browser, panics }) => {
  const page = await as(browser, panics, CUSTOMER);
  await open(page, '/inventory?tab=benefits');
  await expect(row(page, 'training_vouchers')).toBeVisible();
  const before = Number(await row(page, 'training_vouchers').getAttribute('data-remaining'));

  // R-SAB-11: assign a training day (the earlier tests leave 1) to a person in an eligible domain.
  await openBenefit(page, 'training_vouchers');
  const vouchers = page.getByTestId('training-vouchers');
  const form = vouchers.getByTestId('assign-voucher');
  await form.locator('input[name="email"]').fill('e2e.voucher@twprecision.example');
  await form.locator('input[name="name"]').fill('E2E Voucher');
  await form.locator('input[name="days"]').fill('1');
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('voucher-assigned')).toBeVisible();
  const assigned = page.locator('tr[data-email="e2e.voucher@twprecision.example"]');
  await expect(assigned).toContainText('TV-');
  await open(page, '/inventory?tab=benefits');
  await expect(row(page, 'training_vouchers')).toHaveAttribute('data-remaining', String(before - 1));

  // Revoke gives the days back.
  await openBenefit(page, 'training_vouchers');
  await page.locator('tr[data-email="e2e.voucher@twprecision.example"]').getByTestId('revoke-voucher').click();
  await expect(page.getByTestId('voucher-revoked')).toBeVisible();
  await expect(page.locator('tr[data-email="e2e.voucher@twprecision.example"]')).toHaveCount(0);
  await open(page, '/inventory?tab=benefits');
  await expect(row(page, 'training_vouchers')).toHaveAttribute('data-remaining', String(before));

  // R-SAB-05: select a user → Actions → Edit user, prefilled.
  await row(page, 'e_learning').locator('a.arrow').click();
  await page.waitForURL(/\/benefits\/\d+$/);
  const users = page.getByTestId('benefit-users');
  await users.locator('tr[data-email="mei@twprecision.example"] input[type="radio"]').check();
  await users.locator('details.actions-menu summary').click();
  await users.getByTestId('edit-user').click();
  await page.waitForURL(/edit=1/);
  await page.waitForSelector('body[data-hydrated="true"]');
  const edit = page.getByTestId('edit-user-form');
  await expect(edit.locator('input[name="email"]')).toHaveValue('mei@twprecision.example');
  await edit.locator('input[name="name"]').fill('Wu Mei-hui (edited)');
  await edit.locator('button[type="submit"]').click();
  await expect(page.getByTestId('user-saved')).toBeVisible();
  await expect(users.locator('tr[data-email="mei@twprecision.example"]')).toContainText('Wu Mei-hui (edited)');
});
