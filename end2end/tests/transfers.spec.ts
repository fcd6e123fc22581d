import { Browser, Page } from '@playwright/test';
import { expect, open, signIn, test, watchForPanics } from './helpers';

// R-SUB-28 end to end: Fabrikam (target) gets the Taiwan customer's
// relationship, asks Contoso (source) for its subscriptions; Contoso opens
// the request from its email, ticks one subscription with the live
// preview, submits; both partners see the figures that were previewed.
// Each party has its own browser context, so all stay signed in.
const SOURCE = 'global@contoso-partner.example';
const TARGET = 'global@fabrikam.example';
const CUSTOMER = 'admin@twprecision.example';
const CUSTOMER_NAME = '台灣精密工業股份有限公司';

async function as(browser: Browser, panics: string[], email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  watchForPanics(page, panics);
  await signIn(page, email);
  return page;
}

test('R-SUB-28 a transfer from Contoso to Fabrikam seen from both partners', async ({ browser, panics }) => {
  // The source partner's ID, as its Transfers page shows it.
  const source = await as(browser, panics, SOURCE);
  await open(source, '/transfers');
  const contosoId = (await source.getByTestId('partner-id').textContent())!.trim();

  // The target partner asks the customer for a relationship; the customer accepts.
  const target = await as(browser, panics, TARGET);
  await open(target, '/customers');
  await target.locator('input[name="agreement_number"]').fill('1234567890');
  await target.locator('input[name="admin_email"]').fill(CUSTOMER);
  await target.locator('input[name="admin_email"]').press('Enter');
  await target.waitForURL(/\/customers\?sent=1/);
  const customer = await as(browser, panics, CUSTOMER);
  await open(customer, '/partners');
  await customer.locator('tr[data-org^="Fabrikam"] button[value="Accepted"]').click();
  await expect(customer.locator('tr[data-org^="Fabrikam"]')).toContainText('已接受');

  // The target partner sends the transfer request with the source partner's ID.
  await open(target, '/customers');
  await target.getByRole('link', { name: CUSTOMER_NAME }).click();
  await target.getByTestId('customer-transfers').click();
  await target.waitForURL('/transfers');
  await target.waitForSelector('body[data-hydrated="true"]');
  await target.getByTestId('transfer-customer').selectOption({ label: CUSTOMER_NAME });
  await target.getByTestId('source-partner-id').fill(contosoId);
  await target.getByTestId('send-transfer-request').click();
  await expect(target.getByTestId('transfer-sent')).toBeVisible();
  await expect(target.getByTestId('transfers').getByTestId('transfer-status').first()).toHaveText('Pending');

  // The source partner is notified by email, with its ID and the link.
  await open(source, '/mailbox');
  const mail = source.locator(`article.message[data-to="${SOURCE}"]`).first();
  await expect(mail).toContainText('Fabrikam Cloud Partners requests a transfer');
  await expect(mail).toContainText(`source partner ID ${contosoId}`);
  await open(source, '/transfers');
  await source.getByTestId('transfers').getByRole('link').first().click();
  await source.waitForURL(/\/transfers\/\d+$/);
  const request = source.url();
  await source.waitForSelector('body[data-hydrated="true"]');

  // Ticking changes the totals as one types (the rules crate in the browser).
  const rows = source.getByTestId('transfer-candidate');
  expect(await rows.count()).toBeGreaterThan(1);
  const first = rows.first();
  const credit = (await first.getByTestId('credit').getAttribute('data-amount'))!;
  const charge = (await first.getByTestId('charge').getAttribute('data-amount'))!;
  const total = source.getByTestId('transfer-total');
  const boxes = source.locator('input[name="form[lines][]"]');
  for (let i = 1; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
  await expect(total).toHaveAttribute('data-credit', credit);
  await expect(total).toHaveAttribute('data-charge', charge);
  await boxes.first().uncheck();
  await expect(source.getByTestId('transfer-total-error')).toBeVisible();
  await expect(source.getByTestId('submit-transfer')).toBeDisabled();
  await boxes.first().check();

  // The target partner sees its charge for the same subscription before it moves.
  await open(target, request);
  await expect(target.getByTestId('target-preview').first().getByTestId('charge')).toHaveAttribute('data-amount', charge);

  // Submitted: the subscription moved at the previewed figures.
  await source.getByTestId('submit-transfer').click();
  await expect(source.getByTestId('transfer-status')).toHaveText('Transferred');
  await expect(source.getByTestId('moved-line')).toHaveCount(1);
  const moved = source.getByTestId('moved-line');
  const creditText = await moved.getByTestId('moved-credit').textContent();
  expect(creditText).toContain((Number(credit) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
  await moved.getByRole('link').click();
  await source.waitForURL(/\/subscriptions\/\d+$/);
  await expect(source.getByTestId('status')).toHaveText('Cancelled');

  // The target partner sees the same request done, and now bills the new subscription.
  await open(target, request);
  await expect(target.getByTestId('transfer-status')).toHaveText('Transferred');
  await target.getByTestId('moved-line').getByRole('link').click();
  await target.waitForURL(/\/subscriptions\/\d+$/);
  await expect(target.getByTestId('status')).toHaveText('Active');
  await expect(target.locator('section.card p.hint').first()).toContainText('Fabrikam Cloud Partners');
  await open(target, '/mailbox');
  await expect(target.locator(`article.message[data-to="${TARGET}"]`).first()).toContainText('transferred');
});
