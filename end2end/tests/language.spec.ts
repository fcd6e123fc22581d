import { expect, open, signIn, test } from './helpers';

// R-ORG-09: the language switch for visitors, and the saved preference.
test('R-ORG-09 switching to 繁體中文 changes the page and persists', async ({ page }) => {
  await open(page, '/login');
  await expect(page.getByRole('heading', { name: 'Sign in to Business Center' })).toBeVisible();
  await page.getByTestId('language-switch').selectOption('zh-TW');
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: '登入商務中心' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');

  await page.reload();
  await expect(page.getByRole('heading', { name: '登入商務中心' })).toBeVisible();
  await expect(page.getByRole('link', { name: '未收到邀請電子郵件？' })).toBeVisible();

  // Choosing alone changes nothing (WCAG 3.2.2): the button does.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('heading', { name: '登入商務中心' })).toBeVisible();
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: 'Sign in to Business Center' })).toBeVisible();
});

// Japanese (issue 18 §3): the sign-in page is translated; what is not yet
// falls back to English.
test('R-ORG-09 switching to 日本語 shows the sign-in page in Japanese', async ({ page }) => {
  await open(page, '/login');
  await page.getByTestId('language-switch').selectOption('ja-JP');
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: 'ビジネス センターにサインイン' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja-JP');
  await expect(page.getByRole('link', { name: '招待メールが届いていませんか?' })).toBeVisible();

  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('language-apply').click();
  await expect(page.getByRole('heading', { name: 'Sign in to Business Center' })).toBeVisible();
});

test('R-ORG-09 a signed-in user sees roles and keeps the chosen language', async ({ page }) => {
  await signIn(page, 'manager@twprecision.example');
  // The Taiwanese demo users prefer 繁體中文.
  await open(page, '/profile');
  await expect(page.getByRole('heading', { name: '我的設定檔' })).toBeVisible();
  await expect(page.getByTestId('profile-roles')).toHaveText('客戶經理');
  await page.getByTestId('profile-language').selectOption('en');
  await page.getByRole('button', { name: '儲存' }).click();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await expect(page.getByTestId('profile-roles')).toHaveText('Account Manager');

  await page.context().clearCookies();
  await signIn(page, 'manager@twprecision.example');
  await open(page, '/profile');
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
});
