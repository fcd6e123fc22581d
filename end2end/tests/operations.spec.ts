import { expect, open, signIn, test } from './helpers';

// R-NOT-01: the Platform Administrator's Operations page lists the emails
// the outbox gave up on and the items the jobs skipped (none in the demo:
// without SMTP nothing is attempted), and what waits to be sent.
test('R-NOT-01 the provider sees failed deliveries and job failures on Operations', async ({ page }) => {
  await signIn(page, 'ops@bc.example');
  await page.getByRole('link', { name: 'Operations' }).click();
  await page.waitForURL('/admin/operations');
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Failed deliveries' })).toBeVisible();
  await expect(page.getByTestId('no-dead-letters')).toHaveText('No failed deliveries.');
  await expect(page.getByTestId('no-job-failures')).toHaveText('No job failures.');
  // The demo's invitations wait in the outbox.
  await expect(page.getByTestId('outbox-pending')).toContainText(/Emails waiting to be sent: [1-9]/);
});

test('R-NOT-01 nobody but the Platform Administrator sees Operations', async ({ page }) => {
  // A partner's Global Administrator (English), who administers much else.
  await signIn(page, 'global@contoso-partner.example');
  await expect(page.getByRole('link', { name: 'Operations' })).toHaveCount(0);
  await open(page, '/admin/operations');
  await expect(page.getByRole('alert')).toHaveText("You don't have permission to see this.");
  await expect(page.getByTestId('outbox-pending')).toHaveCount(0);
});
