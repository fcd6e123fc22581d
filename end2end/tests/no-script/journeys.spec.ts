import { Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, test } from '../helpers';

// Issue 18 §1: the main journeys with JavaScript disabled (the "no-script"
// project of playwright.config.ts): no wasm, no form listener, so every
// form is posted by the browser itself and every answer is a page the
// server rendered. Each error must show next to its field with the input
// kept; each success must be confirmed. Runs after the other projects: the
// figures it checks are read off the page first.

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel(/Work email|公司電子郵件/).fill(email);
  await page.getByLabel(/Password|密碼/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /Sign in|登入/ }).click();
  await page.waitForURL('/');
}

/** The errors an input is described by (its `aria-describedby` slot). */
async function errorsOf(page: Page, input: ReturnType<Page['locator']>) {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const slot = await input.getAttribute('aria-describedby');
  return page.locator(`[id="${slot}"] .field-error`);
}

test('no script: the page has no wasm running', async ({ page }) => {
  await page.goto('/login');
  await page.waitForLoadState('load');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
});

test('no script: sign in with a wrong password, then the right one', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Work email').fill('sales@contoso-partner.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The form's own error, on the page again, with the email kept and the
  // password to be typed again.
  const error = page.locator('form .form-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveText(/password/i);
  await expect(page.getByLabel('Work email')).toHaveValue('sales@contoso-partner.example');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  await expect(page.getByTestId('user-menu')).toBeVisible();
});

test('no script: invite a user with an invalid email, then a valid one', async ({ page }) => {
  await signIn(page, 'useradmin@twprecision.example');
  await page.goto('/users/invite');
  const row = page.getByTestId('invite-row-0');
  const email = row.getByLabel('電子郵件地址');
  // Valid for the browser's own check, refused by the server (one label).
  await email.fill('nina@twprecision');
  await row.getByLabel('姓名', { exact: true }).fill('Nina No-Script');
  await row.getByLabel('國家/地區').selectOption('TW');
  await row.getByLabel('報告檢視者').check();
  await page.getByRole('button', { name: '邀請', exact: true }).click();

  const refused = page.getByTestId('invite-row-0');
  const emailAgain = refused.getByLabel('電子郵件地址');
  await expect(await errorsOf(page, emailAgain)).toBeVisible();
  await expect(emailAgain).toBeFocused();
  // What the user typed and chose is still there.
  await expect(emailAgain).toHaveValue('nina@twprecision');
  await expect(refused.getByLabel('姓名', { exact: true })).toHaveValue('Nina No-Script');
  await expect(refused.getByLabel('國家/地區')).toHaveValue('TW');
  await expect(refused.getByLabel('報告檢視者')).toBeChecked();

  await emailAgain.fill('nina@twprecision.example');
  await page.getByRole('button', { name: '邀請', exact: true }).click();
  await expect(page.getByTestId('invite-sent')).toContainText('1');
  await page.goto('/users');
  await expect(page.getByTestId('pending-invitations')).toContainText('nina@twprecision.example');
});

test('no script: change seats with the Review step, then commit the reviewed figure', async ({ page }) => {
  await signIn(page, 'sales@contoso-partner.example');
  await page.goto('/customers');
  await page.locator('main a[href^="/customers/"]').first().click();
  await page.locator('main a[href$="/subscriptions"]').first().click();
  await page.locator('main a[href^="/subscriptions/"]').first().click();
  await page.waitForURL(/\/subscriptions\/\d+$/);

  const seats = Number((await page.getByTestId('seats').textContent())!.trim());
  const save = page.getByTestId('save-seats');
  // Without the live preview "Save" waits for the Review, and says so.
  await expect(save).toBeDisabled();
  await expect(page.getByTestId('seat-preview-why')).toBeVisible();
  const review = page.getByTestId('seats-form').getByTestId('review');
  await expect(review).toBeVisible();

  await page.getByTestId('seats-input').fill(String(seats + 3));
  await review.click();
  await page.waitForURL(/review=seats/);
  // The server rendered the figure for the typed quantity.
  await expect(page.getByTestId('seats-input')).toHaveValue(String(seats + 3));
  const preview = page.getByTestId('seat-preview');
  await expect(preview).toContainText('+3');
  await expect(preview).toContainText('TWD');
  const amount = Number(await preview.getAttribute('data-amount'));
  expect(amount).toBeGreaterThan(0);
  await expect(page.locator('input[name="form[expected]"]')).toHaveValue(String(amount));
  await expect(save).toBeEnabled();

  await save.click();
  await expect(page.getByTestId('seats')).toHaveText(String(seats + 3));
  await expect(page.getByTestId('seat-preview')).toHaveCount(0);
});

test('no script: convert planning days back to training days with the Review step', async ({ page }) => {
  // R-SAB-09 (the customer's other conversion, R-SAB-08, used its days up
  // in the benefits journey): planning days back to training days.
  await signIn(page, 'admin@twprecision.example');
  await page.goto('/inventory?tab=benefits');
  const remaining = async (kind: string) =>
    Number(
      await page
        .locator(`table[data-testid="benefits"] tr[data-kind="${kind}"]`)
        .getAttribute('data-remaining'),
    );
  const planning = await remaining('planning_services');
  const training = await remaining('training_vouchers');
  await page.locator('table[data-testid="benefits"] tr[data-kind="training_vouchers"] a.arrow').click();
  await page.waitForURL(/\/benefits\/\d+$/);
  const max = Number(await page.getByTestId('conversion-max').textContent());
  expect(max).toBeGreaterThan(0);
  const form = page.getByTestId('conversion');
  // "Convert" waits for a figure, and says so.
  await expect(page.getByTestId('conversion-submit')).toBeDisabled();

  // Too many days: refused on the Review, next to the field, typed value kept.
  await page.getByTestId('conversion-days').fill(String(max + 1));
  await form.getByTestId('review').click();
  await expect(page.getByTestId('conversion-error')).toBeVisible();
  await expect(page.getByTestId('conversion-days')).toHaveValue(String(max + 1));
  await expect(page.getByTestId('conversion-submit')).toBeDisabled();

  await page.getByTestId('conversion-days').fill('1');
  await form.getByTestId('review').click();
  // One planning day is worth three training days.
  await expect(page.getByTestId('conversion-planning-left')).toHaveText(String(planning - 1));
  await expect(page.getByTestId('conversion-training-left')).toHaveText(String(training + 3));
  await page.getByTestId('conversion-submit').click();
  await expect(page.getByTestId('converted')).toBeVisible();

  await page.goto('/inventory?tab=benefits');
  expect(await remaining('planning_services')).toBe(planning - 1);
  expect(await remaining('training_vouchers')).toBe(training + 3);
});

test('no script: change the language', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('language-switch').selectOption('zh-TW');
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: '登入商務中心' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: 'Sign in to Business Center' })).toBeVisible();
});
