import { Browser, Page } from '@playwright/test';
import { expect, open, signIn, test } from './helpers';

// SPEC §5 / §6 end to end: buying, live previews computed in the browser,
// commits equal to previews, the test clock, cancel, suspend.
// This file runs last (the test clock only moves forward).

const PARTNER = 'sales@contoso-partner.example';
const CUSTOMER_ADMIN = 'admin@twprecision.example';
const PROVIDER = 'ops@bc.example';

/** Signs in as someone else (the customer's users see Chinese, so no menu clicking). */
async function switchUser(page: Page, email: string) {
  await page.context().clearCookies();
  await signIn(page, email);
}

/** The demo customer in Taiwan, as the partner's customer list links it. */
async function taiwanId(page: Page): Promise<string> {
  await open(page, '/customers');
  const href = await page.getByRole('link', { name: '台灣精密工業股份有限公司' }).getAttribute('href');
  return href!.split('/').pop()!;
}

/** Buys `seats` of an offer (a 1-year term unless `term` says, monthly billing) and opens the new subscription. */
async function buy(page: Page, customer: string, offer: string, seats: number, term = 'P1Y') {
  await open(page, `/customers/${customer}/add-subscription`);
  const row = page.locator(`tr[data-offer="${offer}"]`);
  await row.locator('select').first().selectOption(term);
  await row.getByTestId('quantity').fill(String(seats));
  await row.getByTestId('add-to-cart').click();
  await expect(page.locator(`[data-cart-line="${offer}"]`)).toBeVisible();
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByTestId('review').click();
  // R-SUB-03: no submit without the attestation.
  await page.getByTestId('submit-order').click();
  await expect(page.locator('.field-error[data-field="attested"]')).toBeVisible();
  await page.getByTestId('attest').check();
  // A double click sends the order once (the form is busy until the answer).
  const submits: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/submit_order')) submits.push(r.url());
  });
  await page.getByTestId('submit-order').dblclick();
  await page.waitForURL(/\/orders\/\d+\?confirmed=1/);
  expect(submits).toHaveLength(1);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('order-confirmed')).toBeVisible();
  await expect(page.getByTestId('line-status')).toHaveText('fulfilled');
  const link = page.getByTestId('order-lines').getByRole('link').first();
  const href = (await link.getAttribute('href'))!;
  await open(page, href);
  await expect(page.getByTestId('seats')).toHaveText(String(seats));
  return href;
}

/**
 * Opens the customer's invoice of the business month (the demo banner's
 * simulated now): a software credit may have made a newer one, for the
 * next month (R-SW-07).
 */
async function openMonthsInvoice(page: Page, customer: string) {
  await open(page, `/customers/${customer}/invoices`);
  const now = (await page.getByTestId('simulated-now').textContent())!;
  const month = now.match(/\d{4}-\d{2}/)![0];
  await page.getByTestId('invoices').getByRole('link', { name: month }).first().click();
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** The invoice line with this reason and amount (minor units), on the month's invoice. */
async function expectInvoiceLine(page: Page, customer: string, reason: string, amount: string) {
  await openMonthsInvoice(page, customer);
  await expect(page.locator(`tr[data-reason="${reason}"][data-amount="${amount}"]`)).toHaveCount(1);
}

test('R-SUB-01 the catalog filters by publisher, billing type and category', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  await open(page, `/customers/${customer}/add-subscription`);
  const offers = page.getByTestId('offers').locator('tr[data-offer]');
  const all = await offers.count();
  await expect(page.locator('tr[data-offer="m365-business-basic"]')).toBeVisible();

  // Each filter is the page's URL: "Apply filters" loads the filtered list
  // (choosing alone does not, WCAG 3.2.2).
  await page.getByLabel('Category').selectOption('trial');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/category=trial/);
  await expect(page.locator('tr[data-offer="m365-business-basic"]')).toHaveCount(0);
  const trials = await offers.count();
  expect(trials).toBeGreaterThan(0);
  expect(trials).toBeLessThan(all);
  await expect(page.getByLabel('Category')).toHaveValue('trial');
});

test('R-SUB-10 R-SUB-09 R-SUB-11 a partner buys 30 seats, reduces to 25 at the previewed refund, and cannot after 8 days', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const subscription = await buy(page, customer, 'm365-business-basic', 30);

  // R-SUB-11: all 30 can be reduced, until 168 hours after the purchase.
  await page.getByTestId('reducible').click();
  await expect(page.getByTestId('reducible-total')).toHaveText('30');
  const until = (await page.locator('details table tbody tr td').nth(2).textContent())!.trim();

  // Typing shows the refund, computed in the browser: no request at all.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByTestId('seats-input').fill('25');
  const preview = page.getByTestId('seat-preview');
  await expect(preview).toContainText('Refund');
  await expect(preview).toContainText('TWD');
  const amount = (await preview.getAttribute('data-amount'))!;
  expect(Number(amount)).toBeLessThan(0);
  expect(requests).toEqual([]);

  await page.getByTestId('save-seats').click();
  await page.waitForLoadState('load');
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('seats')).toHaveText('25');

  // The invoice shows exactly the previewed figure.
  await expectInvoiceLine(page, customer, 'decrease', amount);

  // Eight days later (test clock, provider administrator)…
  await switchUser(page, PROVIDER);
  await open(page, '/admin/clock');
  await page.getByTestId('clock-days').fill('8');
  await page.getByTestId('clock-advance').click();
  await expect(page.getByTestId('clock-now')).toContainText('+8');

  // …the decrease is refused, naming when the window closed.
  await switchUser(page, PARTNER);
  await open(page, subscription);
  await page.getByTestId('seats-input').fill('20');
  await expect(page.getByTestId('seat-preview-error')).toContainText(`window closed at ${until}`);
  await expect(page.getByTestId('save-seats')).toBeDisabled();
  // The server refuses it too, whatever the browser sends.
  const id = Number(subscription.split('/').pop());
  const pin = (await page.locator('[data-testid="seats-form"] input[name="form[pin]"]').inputValue())!;
  const response = await page.request.post('/api/change_seats', {
    form: { 'form[subscription_id]': id, 'form[seats]': '20', 'form[pin]': pin, 'form[expected]': 0 },
  });
  expect(response.status()).toBe(422);
  expect(await response.text()).toContain('seats_window_closed');
});

test('R-SUB-22 cancel: the previewed refund is the committed one', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  await buy(page, customer, 'o365-e1', 5);
  const preview = page.getByTestId('cancel-preview');
  await expect(preview).toContainText('TWD');
  const refund = (await preview.getAttribute('data-amount'))!;
  await page.getByTestId('cancel-confirm').check();
  await page.getByTestId('cancel-subscription').click();
  await expect(page.getByTestId('status')).toHaveText('Cancelled');
  await expectInvoiceLine(page, customer, 'cancel', String(-Number(refund)));
});

test('R-SUB-23 a suspended subscription blocks the customer until it is reactivated', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const subscription = await buy(page, customer, 'project-online-essentials', 3);
  await page.getByTestId('suspend').click();
  await expect(page.getByTestId('status')).toHaveText('Suspended');
  await expect(page.getByTestId('auto-renew')).toContainText('Off');

  await switchUser(page, CUSTOMER_ADMIN);
  await open(page, subscription);
  await expect(page.getByTestId('blocked')).toBeVisible();
  await expect(page.getByTestId('seats')).toHaveCount(0);

  await switchUser(page, PARTNER);
  await open(page, subscription);
  await page.getByTestId('reactivate').click();
  await expect(page.getByTestId('status')).toHaveText('Active');

  await switchUser(page, CUSTOMER_ADMIN);
  await open(page, subscription);
  await expect(page.getByTestId('seats')).toHaveText('3');
  await expect(page.getByTestId('blocked')).toHaveCount(0);
});

test('R-SUB-14 R-SUB-15 check upgrades: a partial upgrade commits the previewed credit and charge', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const source = await buy(page, customer, 'o365-e3', 30);
  await page.getByTestId('check-upgrades').click();
  await expect(page.getByTestId('upgrade-target')).toBeVisible();

  // Choosing the target, a new subscription and 10 licenses previews the
  // figures in the browser: no request at all.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByTestId('upgrade-target').selectOption('m365-e3');
  await page.getByTestId('upgrade-destination').selectOption('new');
  await page.getByTestId('upgrade-seats').fill('10');
  const preview = page.getByTestId('upgrade-preview');
  await expect(page.getByTestId('upgrade-outcome')).toContainText('Partial upgrade');
  await expect(page.getByTestId('upgrade-outcome')).toContainText('20 licenses');
  await expect(page.getByTestId('upgrade-outcome')).toContainText('10 licenses');
  const credit = (await preview.getAttribute('data-credit'))!;
  const charge = (await preview.getAttribute('data-charge'))!;
  expect(Number(credit)).toBeGreaterThan(0);
  expect(Number(charge)).toBeGreaterThan(Number(credit));
  expect(requests).toEqual([]);

  // Nothing happens before "an upgrade cannot be undone" is confirmed.
  await expect(page.getByText('once submitted, an upgrade cannot be undone')).toBeVisible();
  await page.getByTestId('upgrade-confirm').check();
  await page.getByTestId('upgrade').click();
  await page.waitForURL((url) => url.pathname !== source && /\/subscriptions\/\d+$/.test(url.pathname));
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('subscription-name')).toHaveText('Microsoft 365 E3');
  await expect(page.getByTestId('seats')).toHaveText('10');
  await open(page, source);
  await expect(page.getByTestId('seats')).toHaveText('20');

  // The ledger holds exactly the previewed figures.
  await expectInvoiceLine(page, customer, 'upgrade', charge);
  await expect(page.locator(`tr[data-reason="upgrade_credit"][data-amount="${-Number(credit)}"]`)).toHaveCount(1);
});

test('R-SUB-13 an add-on bought on its base at the previewed charge is suspended, restored and ended with it', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const base = await buy(page, customer, 'm365-e5', 10);
  await page.waitForSelector('body[data-hydrated="true"]');
  const form = page.getByTestId('addon-form').filter({ hasText: 'Microsoft 365 Copilot' });
  await expect(form).toBeVisible();

  // Typing previews the first charge in the browser, no request; more
  // Copilot licenses than the customer's base licenses are refused there.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await form.getByTestId('addon-seats').fill('100000');
  await expect(form.getByTestId('addon-error')).toBeVisible();
  await expect(form.getByTestId('add-addon')).toBeDisabled();
  await form.getByTestId('addon-seats').fill('5');
  const preview = form.getByTestId('addon-preview');
  await expect(preview).toContainText('TWD');
  const charge = (await preview.getAttribute('data-amount'))!;
  expect(Number(charge)).toBeGreaterThan(0);
  expect(requests).toEqual([]);

  await form.getByTestId('add-addon').click();
  await page.waitForURL((url) => url.pathname !== base && /\/subscriptions\/\d+$/.test(url.pathname));
  const addon = new URL(page.url()).pathname;
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('subscription-name')).toHaveText('Microsoft 365 Copilot');
  await expect(page.getByTestId('seats')).toHaveText('5');
  await expect(page.getByTestId('addon-base')).toHaveText('Microsoft 365 E5');
  await expectInvoiceLine(page, customer, 'purchase', charge);

  // Suspending the base suspends the add-on; reactivating restores it.
  await open(page, base);
  await expect(page.getByTestId('addons-held')).toContainText('Microsoft 365 Copilot');
  await expect(page.getByTestId('status-addons')).toBeVisible();
  await page.getByTestId('suspend').click();
  await expect(page.getByTestId('status')).toHaveText('Suspended');
  await open(page, addon);
  await expect(page.getByTestId('status')).toHaveText('Suspended');
  await open(page, base);
  await page.getByTestId('reactivate').click();
  await expect(page.getByTestId('status')).toHaveText('Active');
  await open(page, addon);
  await expect(page.getByTestId('status')).toHaveText('Active');

  // Cancelling the base ends the add-on: the preview names it, and the
  // refund committed is the previewed total.
  await open(page, base);
  await page.waitForSelector('body[data-hydrated="true"]');
  const cancel = page.getByTestId('cancel-preview');
  await expect(page.getByTestId('cancel-addons')).toContainText('Microsoft 365 Copilot');
  const refund = (await cancel.getAttribute('data-amount'))!;
  await page.getByTestId('cancel-confirm').check();
  await page.getByTestId('cancel-subscription').click();
  await expect(page.getByTestId('status')).toHaveText('Cancelled');
  await open(page, addon);
  await expect(page.getByTestId('status')).toHaveText('Cancelled');
  await openMonthsInvoice(page, customer);
  const refunds = page.locator('tr[data-reason="cancel"]');
  const amounts = await refunds.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-amount'))));
  // The base's and the add-on's refund lines are the two newest ones.
  expect(amounts.slice(-2).reduce((a, b) => a + b, 0)).toBe(-Number(refund));
});

/** Adds one line to the cart from the catalog (1-year term, monthly billing). */
async function addToCart(page: Page, customer: string, offer: string, seats: number) {
  await open(page, `/customers/${customer}/add-subscription`);
  const row = page.locator(`tr[data-offer="${offer}"]`);
  await row.locator('select').first().selectOption('P1Y');
  await row.getByTestId('quantity').fill(String(seats));
  await row.getByTestId('add-to-cart').click();
  await expect(page.locator(`[data-cart-line="${offer}"]`)).toBeVisible();
}

test('R-SUB-03 Submit orders the cart that was reviewed, not a line another tab added', async ({ page, context }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  await open(page, `/customers/${customer}/orders`);
  const ordersBefore = await page.getByTestId('orders').locator('tbody tr').count();

  // Tab 1 reviews [Business Basic × 1].
  await addToCart(page, customer, 'm365-business-basic', 1);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByTestId('review').click();
  await page.getByTestId('attest').check();
  // Tab 2 (the same session) adds Office 365 E1.
  const tab2 = await context.newPage();
  await addToCart(tab2, customer, 'o365-e1', 1);
  await tab2.close();

  // Tab 1's Submit is refused: the page shows the cart as it is now.
  await page.getByTestId('submit-order').click();
  await page.waitForURL(/refused=order_cart_changed/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('cart-changed')).toContainText('The cart changed after you reviewed it');
  await expect(page.locator('[data-cart-line="m365-business-basic"]')).toBeVisible();
  await expect(page.locator('[data-cart-line="o365-e1"]')).toBeVisible();
  await open(page, `/customers/${customer}/orders`);
  await expect(page.getByTestId('orders').locator('tbody tr')).toHaveCount(ordersBefore);

  // Reviewed again, both lines are ordered.
  await open(page, `/customers/${customer}/add-subscription`);
  await page.getByTestId('review').click();
  await page.getByTestId('attest').check();
  await page.getByTestId('submit-order').click();
  await page.waitForURL(/\/orders\/\d+\?confirmed=1/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('line-status')).toHaveCount(2);
});

/** Moves the test clock (as the provider, in its own browser context) to just after `at`. */
async function moveClockTo(browser: Browser, baseURL: string, at: Date) {
  const context = await browser.newContext({ baseURL });
  const ops = await context.newPage();
  await signIn(ops, PROVIDER);
  await open(ops, '/admin/clock');
  const now = Number(await ops.getByTestId('clock-now').getAttribute('data-millis'));
  const minutes = Math.ceil((at.getTime() - now) / 60_000);
  expect(minutes).toBeGreaterThan(0);
  await ops.getByTestId('clock-days').fill(String(Math.floor(minutes / 1440)));
  await ops.getByTestId('clock-minutes').fill(String(minutes % 1440));
  await ops.getByTestId('clock-advance').click();
  await expect
    .poll(async () => Number(await ops.getByTestId('clock-now').getAttribute('data-millis')))
    .toBeGreaterThanOrEqual(at.getTime());
  await context.close();
}

test('R-SUB-10 R-SUB-08 a preview pinned before midnight UTC is refused after it, with the new figure', async ({ page, browser, baseURL }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  // 10 seats of Business Basic: TWD 2,232.00 a seat and year, billed monthly (TWD 186.00).
  const subscription = await buy(page, customer, 'm365-business-basic', 10);
  await page.getByTestId('seats-input').fill('11');
  const preview = page.getByTestId('seat-preview');
  const first = (await preview.getAttribute('data-period-start'))!;
  const last = (await preview.getAttribute('data-period-last'))!;
  const days = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000 + 1;

  // 23:58 UTC on the first billing period's last day: the page pins that time…
  await moveClockTo(browser, baseURL!, new Date(`${last}T23:58:00Z`));
  await open(page, subscription);
  await page.getByTestId('seats-input').fill('11');
  // …and the 11th seat costs that one day: 18,600 / days.
  await expect(preview).toHaveAttribute('data-amount', String(Math.round(18_600 / days)));

  // Saved at 00:03, after midnight (and the billing job), it is refused with
  // the new figure, a whole period, and the preview shows it.
  await moveClockTo(browser, baseURL!, new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000 + 3 * 60_000));
  await page.getByTestId('save-seats').click();
  const refused = page.getByTestId('seats-form').locator('.form-error');
  await expect(refused).toContainText('Prices changed at midnight UTC: the amount is now TWD 186.00');
  await expect(preview).toHaveAttribute('data-amount', '18600');
  await expect(page.getByTestId('seats')).toHaveText('10');

  // Saved again, the new figure is committed.
  await page.getByTestId('save-seats').click();
  await page.waitForLoadState('load');
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('seats')).toHaveText('11');
  await expectInvoiceLine(page, customer, 'increase', '18600');
});

/** Buys the trial `offer` (its 25 seats fixed) and opens it. */
async function buyTrial(page: Page, customer: string, offer: string) {
  await open(page, `/customers/${customer}/add-subscription`);
  const row = page.locator(`tr[data-offer="${offer}"]`);
  await expect(row.getByTestId('quantity')).toHaveValue('25');
  await row.getByTestId('add-to-cart').click();
  await expect(page.locator(`[data-cart-line="${offer}"]`)).toBeVisible();
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByTestId('review').click();
  await page.getByTestId('attest').check();
  await page.getByTestId('submit-order').click();
  await page.waitForURL(/\/orders\/\d+\?confirmed=1/);
  await page.waitForSelector('body[data-hydrated="true"]');
  const href = (await page.getByTestId('order-lines').getByRole('link').first().getAttribute('href'))!;
  await open(page, href);
  return href;
}

test('R-SUB-25 a trial converts mid-term to a paid subscription at the previewed charge', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  await buyTrial(page, customer, 'o365-e3-trial');
  await expect(page.getByTestId('subscription-name')).toHaveText('Office 365 E3 Trial');
  const form = page.getByTestId('conversion-form');
  await expect(form).toContainText('Office 365 E3');
  // Fewer than 25 licenses cannot convert mid-term.
  await page.getByTestId('conversion-seats').fill('24');
  await expect(page.getByTestId('conversion-error')).toContainText('at least 25 licenses');
  await expect(page.getByTestId('convert-trial')).toBeDisabled();
  // 30 licenses for a year billed monthly (the default), TWD 8,556.00 a
  // license a year: the first month is 30 × 855,600 / 12 = TWD 21,390.00.
  await page.getByTestId('conversion-seats').fill('30');
  const preview = page.getByTestId('conversion-preview');
  await expect(preview).toHaveAttribute('data-amount', '2139000');
  await expect(preview).toContainText('TWD 21,390.00');
  await page.getByTestId('convert-trial').click();
  await page.waitForURL(/\/subscriptions\/\d+$/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('subscription-name')).toHaveText('Office 365 E3');
  await expect(page.getByTestId('seats')).toHaveText('30');
  await expectInvoiceLine(page, customer, 'purchase', '2139000');
});

test('R-SUB-24 a trial converts to the equivalent paid subscription at its end', async ({ page, browser, baseURL }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const href = await buyTrial(page, customer, 'm365-e3-trial');
  await expect(page.getByTestId('subscription-name')).toHaveText('Microsoft 365 E3 Trial');
  const converts = page.getByTestId('auto-renew');
  await expect(converts).toContainText('Converts to the equivalent paid subscription on');
  const on = (await converts.textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];

  // The day after the trial's month, the billing job converts it: Microsoft
  // 365 E3, a year billed monthly, TWD 13,392.00 a seat a year, so 25 seats
  // are charged TWD 1,116.00 × 25 = TWD 27,900.00 for the first month.
  await moveClockTo(browser, baseURL!, new Date(`${on}T00:05:00Z`));
  await open(page, href);
  await expect(page.getByTestId('subscription-name')).toHaveText('Microsoft 365 E3');
  await expect(page.getByTestId('seats')).toHaveText('25');
  await expect(page.getByTestId('auto-renew')).toContainText('Renews on');
  await expectInvoiceLine(page, customer, 'trial_conversion', '2790000');
});

test('R-SUB-19 a next term co-termed with another subscription ends on its renewal day', async ({ page }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  await buy(page, customer, 'm365-business-basic', 10, 'P1M');

  // A year billed monthly, co-termed with the soonest other subscription
  // whose renewal day falls inside that year: the preview (computed in the
  // browser) says where the next term ends, and the scheduled change says
  // the same, with the same first charge.
  await page.getByTestId('renewal-choice').selectOption('m365-business-basic|P1Y/monthly');
  const coterm = page.getByTestId('renewal-coterm');
  const first = coterm.locator('option:not([disabled]):not([value=""])').first();
  const value = (await first.getAttribute('value'))!;
  const lastDay = (await first.textContent())!.slice(0, 10);
  await coterm.selectOption(value);
  await expect(page.getByTestId('renewal-term-ends')).toHaveText(lastDay);
  const charge = (await page.getByTestId('renewal-preview').getAttribute('data-amount'))!;
  await page.getByTestId('schedule-renewal').click();
  const scheduled = page.getByTestId('scheduled-renewal');
  await expect(scheduled).toContainText(`The next term ends on ${lastDay}`);
  await expect(scheduled).toHaveAttribute('data-amount', charge);
});

test('R-SUB-19 R-SUB-20 a seat decrease scheduled for renewal is applied when the term ends', async ({ page, browser, baseURL }) => {
  await signIn(page, PARTNER);
  const customer = await taiwanId(page);
  const href = await buy(page, customer, 'm365-business-basic', 10, 'P1M');

  // Manage renewal: 6 licenses for the next month, its charge previewed in
  // the browser as the number is typed.
  await page.getByTestId('renewal-choice').selectOption('m365-business-basic|P1M/monthly');
  await page.getByTestId('renewal-seats').fill('6');
  const preview = page.getByTestId('renewal-preview');
  await expect(preview).toContainText('TWD');
  const charge = (await preview.getAttribute('data-amount'))!;
  await page.getByTestId('schedule-renewal').click();
  const scheduled = page.getByTestId('scheduled-renewal');
  await expect(scheduled).toHaveAttribute('data-seats', '6');
  await expect(scheduled).toHaveAttribute('data-amount', charge);
  // R-SUB-20: the operations that would delete it say so.
  await expect(page.getByTestId('deletes-scheduled').first()).toBeVisible();
  const on = (await scheduled.textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];

  // The day after the term's last day, the billing job renews with 6.
  await moveClockTo(browser, baseURL!, new Date(`${on}T00:05:00Z`));
  await open(page, href);
  await expect(page.getByTestId('seats')).toHaveText('6');
  await expect(page.getByTestId('scheduled-renewal')).toHaveCount(0);
  await expectInvoiceLine(page, customer, 'renewal', charge);
});
