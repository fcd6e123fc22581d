import { expect, signIn, test } from './helpers';

// R-API-01 end to end: an administrator creates an API token on its page,
// reads the secret once, a program uses it, the list shows its last use,
// and revoking it refuses the program's next call.

test('R-API-01 a Global Admin creates a token, a program uses it, then it is revoked', async ({ page, request, baseURL }) => {
  await signIn(page, 'global@contoso-partner.example');
  await page.getByRole('link', { name: 'API tokens', exact: true }).click();
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByText('No tokens yet.')).toBeVisible();

  // No role: refused next to the roles.
  await page.getByTestId('token-name').fill('Billing sync');
  await page.getByTestId('create-token').click();
  await expect(page.locator('[data-errors-for="roles"]')).toContainText('Choose at least one role');

  await page.getByLabel('Global Administrator').check();
  await page.getByTestId('token-days').fill('30');
  await page.getByTestId('create-token').click();
  const secret = page.getByTestId('token-secret');
  await expect(secret).toBeVisible();
  const value = await secret.inputValue();
  expect(value).toMatch(/^bc_live_[0-9A-Za-z]{38}$/);

  // A program calls the API with it (no cookie).
  const me = await request.get(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${value}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).roles).toEqual(['global_administrator']);

  // Back on the list: the token, its prefix and its last use; never the secret.
  await page.getByRole('link', { name: 'I have copied it' }).click();
  const row = page.locator('[data-testid="api-tokens"] tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Billing sync');
  await expect(row).toContainText(value.slice(0, 12));
  await expect(row.getByTestId('last-used')).not.toHaveText('Never');
  await expect(page.locator('body')).not.toContainText(value);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByTestId('token-status')).toHaveText('Revoked');
  const after = await request.get(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${value}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).code).toBe('unauthenticated');
});
