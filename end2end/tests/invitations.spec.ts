import { expect, invitationLink, open, test } from './helpers';

// R-ORG-03: a link older than 60 days shows the expiry page.
test('R-ORG-03 an expired invitation link shows the expiry page', async ({ page }) => {
  const link = await invitationLink(page, 'klaus@mueller.example');
  await open(page, link);
  const problem = page.getByTestId('invitation-problem');
  await expect(problem.getByRole('heading', { name: 'This invitation has expired' })).toBeVisible();
  await expect(problem).toContainText('60 days');
  await expect(problem).toContainText('Expired at');
  await expect(problem.getByRole('link', { name: 'Ask for a new invitation' })).toHaveAttribute('href', '/invitations/resend');
});

// R-ORG-04: the same neutral answer whether or not the details match; a match
// sends a fresh link and the old one stops working.
test('R-ORG-04 the resend form answers neutrally and a match replaces the link', async ({ page }) => {
  const oldLink = await invitationLink(page, 'klaus@mueller.example');

  async function resend(email: string, agreement: string, account: string) {
    await open(page, '/invitations/resend');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Agreement number').fill(agreement);
    await page.getByLabel('Purchasing account number').fill(account);
    await page.getByRole('button', { name: 'Submit' }).click();
    const answer = page.getByTestId('resend-answer');
    await expect(answer).toBeVisible();
    return answer.textContent();
  }

  const mismatch = await resend('someone@mueller.example', '3456789013', '300400501');
  const match = await resend('klaus@mueller.example', '3456789013', '300400501');
  expect(match).toBe(mismatch);

  const newLink = await invitationLink(page, 'klaus@mueller.example');
  expect(newLink).not.toBe(oldLink);
  await open(page, newLink);
  await expect(page.getByRole('heading', { name: 'Create your organizational account' })).toBeVisible();
  await open(page, oldLink);
  await expect(page.getByRole('heading', { name: 'A newer invitation replaced this one' })).toBeVisible();

  // Malformed input is explained next to its field.
  await open(page, '/invitations/resend');
  await page.getByLabel('Email address').fill('klaus@mueller.example');
  await page.getByLabel('Agreement number').fill('12345');
  await page.getByLabel('Purchasing account number').fill('300400501');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.locator('.field-error[data-field="agreement_number"]')).toHaveText('An agreement number has exactly 10 digits.');
});
