import { createAccount, expect, invitationLink, open, signIn, signOut, test } from './helpers';

// R-ORG-02 invitation email, R-ORG-05 accept, R-ORG-06 sign-in, R-ORG-08
// invite users, R-ORG-07 what a Report Viewer may see.
test('R-ORG-05 R-ORG-08 the purchasing account administrator registers and invites a Report Viewer', async ({ page }) => {
  const adminPassword = 'Harry-Wingtip-2026!';

  // The invitation created with the agreement (R-ORG-02) is in the mailbox.
  const link = await invitationLink(page, 'harry@wingtip.example');
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'Create your organizational account' })).toBeVisible();
  await expect(page.getByTestId('invited-email')).toHaveText('harry@wingtip.example');
  // R-ORG-03: the page says when the 60-day link expires (UTC).
  await expect(page.getByTestId('link-expires')).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);

  // Passwords are checked as they are typed, by the same rule the server uses.
  await page.getByLabel('Create password').fill('short');
  await page.getByLabel('Confirm your password').fill('short');
  await expect(page.locator('.field-error[data-field="password"]')).toContainText('at least 12 characters');

  await createAccount(page, 'Harry Roldan', adminPassword, 'AU');
  await expect(page.getByRole('heading', { name: /Welcome, Harry Roldan/ })).toBeVisible();

  // The link works once only.
  await open(page, link);
  await expect(page.getByRole('heading', { name: 'This invitation has already been used' })).toBeVisible();

  await open(page, '/');
  await signOut(page);
  await signIn(page, 'harry@wingtip.example', adminPassword);
  await expect(page.getByTestId('dashboard-roles')).toContainText('Account Administrator');

  // Invite a Report Viewer (R-ORG-08).
  await open(page, '/users/invite');
  const row = page.getByTestId('invite-row-0');
  await row.getByLabel('Email address').fill('rita@wingtip.example');
  await row.getByLabel('Name', { exact: true }).fill('Rita Reports');
  await row.getByLabel('Country/region').selectOption('AU');
  await row.getByLabel('Report Viewer').check();
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByTestId('invite-sent')).toContainText('1');

  await open(page, '/users');
  await expect(page.getByTestId('pending-invitations')).toContainText('rita@wingtip.example');
  await signOut(page);

  // The Report Viewer accepts and sees agreements, but no user management.
  const viewerLink = await invitationLink(page, 'rita@wingtip.example');
  await open(page, viewerLink);
  await createAccount(page, 'Rita Reports', 'Rita-Reports-2026!', 'AU');
  await expect(page.getByTestId('dashboard-roles')).toContainText('Report Viewer');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Agreements' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Manage users' })).toHaveCount(0);

  await open(page, '/agreements');
  await expect(page.getByTestId('agreements')).toContainText('2345678901');

  // The server refuses user management whatever the UI shows (R-ORG-07).
  await open(page, '/users');
  await expect(page.getByText("You don't have permission to see this.")).toBeVisible();
  await expect(page.getByTestId('users')).toHaveCount(0);
});

// R-ORG-08 (revised): a User Administrator (a zh-TW user) is offered every
// role but Account Administrator, and edits neither an Account Administrator
// nor their own roles.
test('R-ORG-08 a User Administrator invites a Report Viewer and cannot grant Account Administrator', async ({ page }) => {
  await signIn(page, 'useradmin@twprecision.example');
  await open(page, '/users/invite');
  const row = page.getByTestId('invite-row-0');
  await expect(row.locator('fieldset.roles label')).toHaveText(['合約管理員', '使用者管理員', '客戶經理', '報告檢視者', '帳戶檢視者']);
  await row.getByLabel('電子郵件地址').fill('ruby@twprecision.example');
  await row.getByLabel('姓名', { exact: true }).fill('Ruby Reports');
  await row.getByLabel('國家/地區').selectOption('TW');
  await row.getByLabel('報告檢視者').check();
  await page.getByRole('button', { name: '邀請', exact: true }).click();
  await expect(page.getByTestId('invite-sent')).toContainText('1');

  await open(page, '/users');
  await expect(page.getByTestId('pending-invitations')).toContainText('ruby@twprecision.example');
  const editRoles = (email: string) => page.locator(`tr[data-email="${email}"]`).getByText('編輯角色');
  await expect(editRoles('reports@twprecision.example')).toHaveCount(1);
  await expect(editRoles('admin@twprecision.example')).toHaveCount(0);
  await expect(editRoles('useradmin@twprecision.example')).toHaveCount(0);
});

test('R-ORG-06 a wrong password gets one neutral answer', async ({ page }) => {
  await open(page, '/login');
  await page.getByLabel('Work email').fill('admin@twprecision.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email address or password is not correct.');

  // A fresh page, so the answer below can only come from the second attempt.
  await open(page, '/login');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByLabel('Work email').fill('nobody@twprecision.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email address or password is not correct.');
});

test('pages are rendered on the server with their data', async ({ request }) => {
  const login = await request.get('/login');
  expect(login.status()).toBe(200);
  const html = await login.text();
  expect(html).toContain('Sign in to Business Center');
  expect(login.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(login.headers()['x-content-type-options']).toBe('nosniff');

  const mailbox = await (await request.get('/mailbox')).text();
  expect(mailbox).toContain('harry@wingtip.example');
});
