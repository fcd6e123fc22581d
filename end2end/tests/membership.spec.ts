import { expect, open, signIn, test } from './helpers';

// Seed 003 end to end: the partner's Benefits page.

test('R-MPN-01 R-MPN-02 R-MPN-04 R-MPN-06 R-MPN-07 a Global Admin buys, assigns, takes a key, activates go-to-market; no refund after the key', async ({ page }) => {
  await signIn(page, 'global@contoso-partner.example');
  await page.getByRole('link', { name: 'Benefits', exact: true }).click();
  await page.waitForSelector('body[data-hydrated="true"]');

  // The demo's Action Pack is there; buy the Silver core benefits
  // (TWD 59,000.00 for a partner in Taiwan), charged on Contoso's invoice.
  await expect(page.locator('[data-testid="mpn-package"][data-package="action-pack"]')).toBeVisible();
  await page.getByTestId('buy-silver-core').click();
  await expect(page.getByTestId('mpn-done')).toBeVisible();
  const pkg = page.locator('[data-testid="mpn-package"][data-package="silver-core"]');
  await expect(pkg).toContainText('TWD 59,000.00');
  await expect(page.locator('[data-testid="mpn-bill"][data-reason="package_purchase"][data-amount="5900000"]')).toHaveCount(1);

  // Visual Studio: assign a user; 1 of 5 used.
  await page.getByTestId('tab-visual-studio').click();
  await page.waitForSelector('body[data-hydrated="true"]');
  const vs = pkg.locator('[data-testid="mpn-vs"][data-benefit="vs-enterprise"]');
  await vs.locator('summary').click();
  await vs.getByTestId('mpn-user').selectOption({ label: 'Sam Sales <sales@contoso-partner.example>' });
  await vs.getByTestId('mpn-assign').click();
  await expect(page.getByTestId('mpn-done')).toBeVisible();
  await expect(vs).toHaveAttribute('data-left', '4');
  await expect(vs.getByTestId('mpn-assignment')).toContainText('sales@contoso-partner.example');

  // Software: the page warns before the key is revealed; then the key.
  await page.getByTestId('tab-software').click();
  await page.waitForSelector('body[data-hydrated="true"]');
  const sql = pkg.locator('[data-testid="mpn-software"][data-product="sql-server-2022-enterprise-perpetual"]');
  await sql.locator('summary').click();
  await expect(sql.getByTestId('mpn-key-warning')).toContainText('can then no longer be cancelled with a refund');
  await sql.getByTestId('mpn-get-key').click();
  await expect(sql.getByTestId('mpn-key')).toHaveText(/^[BCDFGHJKMPQRTVWXY2346789]{5}(-[BCDFGHJKMPQRTVWXY2346789]{5}){4}$/);

  // Go-to-market: change the marketing contact, then activate.
  await page.getByTestId('tab-go-to-market').click();
  await page.waitForSelector('body[data-hydrated="true"]');
  const contact = page.getByTestId('mpn-marketing-contact');
  await contact.getByTestId('mpn-user').selectOption({ label: 'Mona MPN <mpn@contoso-partner.example>' });
  // The same rule as typed, in the browser, and on the server.
  await contact.getByTestId('mpn-alternate-email').fill('MPN@contoso-partner.example');
  await expect(contact.getByTestId('mpn-alternate-same')).toContainText("other than the user's Business Center account email");
  await contact.getByTestId('mpn-contact-save').click();
  await expect(contact.locator('[data-errors-for="alternate_email"]')).toContainText("other than the user's Business Center account email");
  await contact.getByTestId('mpn-alternate-email').fill('events@contoso.example');
  await expect(contact.getByTestId('mpn-alternate-same')).toHaveCount(0);
  await contact.getByTestId('mpn-contact-save').click();
  await expect(page.getByTestId('mpn-contact')).toContainText('events@contoso.example');
  await page.waitForSelector('body[data-hydrated="true"]');
  const gtm = pkg.locator('[data-testid="mpn-gtm"][data-benefit="silver-core-gtm"]');
  await gtm.getByTestId('mpn-activate').click();
  await expect(gtm).toHaveAttribute('data-status', 'active');
  await expect(gtm).toContainText('Active');
  // The demo's benefits: one active, one expired.
  const demo = page.locator('[data-testid="mpn-package"][data-package="action-pack"]');
  await expect(demo.locator('[data-testid="mpn-gtm"][data-benefit="campaign-kit"]')).toHaveAttribute('data-status', 'active');
  await expect(demo.locator('[data-testid="mpn-gtm"][data-benefit="listing-boost"]')).toHaveAttribute('data-status', 'expired');

  // Cancel with refund: the preview says why not, and the button waits.
  const refund = pkg.getByTestId('mpn-refund');
  await expect(refund.getByTestId('mpn-refund-preview')).toContainText('No refund: a key was taken');
  await expect(refund.getByTestId('mpn-request-cancel')).toBeDisabled();
  await expect(demo.getByTestId('mpn-refund-preview')).toContainText('No refund: the 30 days ended');
});

test('R-MPN-01 a Sales Agent sees the benefits but assigns nothing', async ({ page }) => {
  await signIn(page, 'sales@contoso-partner.example');
  await open(page, '/membership?tab=visual-studio');
  const demo = page.locator('[data-testid="mpn-package"][data-package="action-pack"]');
  await expect(demo).toContainText('Only a Global Administrator');
  await expect(demo.getByTestId('mpn-assign')).toHaveCount(0);
  await expect(demo.getByTestId('mpn-refund')).toHaveCount(0);
});
