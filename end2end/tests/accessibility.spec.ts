import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { expect, open, signIn, test } from './helpers';

// Issue 18 §2: an axe-core audit of every page, signed in as each kind of
// user, in English and 繁體中文: no serious or critical violation.

async function audit(page: Page, path: string, found: string[]) {
  await open(page, path);
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      found.push(`${path} [${await page.locator('html').getAttribute('lang')}] ${v.id} (${v.impact}): ${v.help} — ${where}`);
    }
  }
}

/** The first link on `path` whose href matches `pattern`. */
async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string | null> {
  await open(page, path);
  for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    if (pattern.test(href)) return href;
  }
  return null;
}

const VISITOR = ['/login', '/invitations/resend'];

test('axe: the visitor pages in English and 繁體中文', async ({ page }) => {
  const found: string[] = [];
  for (const lang of ['en', 'zh-TW']) {
    await page.context().addCookies([{ name: 'bc_lang', value: lang, url: page.url() === 'about:blank' ? 'http://127.0.0.1' : page.url() }]);
    for (const path of VISITOR) await audit(page, path, found);
  }
  expect(found, found.join('\n')).toEqual([]);
});

type Linked = [string, RegExp] | [string, RegExp, 'if any'];

const USERS: [string, string[], Linked[]][] = [
  [
    'global@contoso-partner.example',
    ['/', '/customers', '/subscriptions', '/orders', '/invoices', '/software', '/membership', '/support-requests', '/activity-log', '/transfers', '/users', '/users/invite', '/audit', '/profile', '/settings/api-tokens', '/mailbox'],
    [
      ['/customers', /^\/customers\/\d+$/],
      // The demo data has none of these until a test makes one.
      ['/transfers', /^\/transfers\/\d+$/, 'if any'],
      ['/support-requests', /^\/support-requests\/\d+$/, 'if any'],
      ['/membership', /tab=/],
    ],
  ],
  [
    'admin@twprecision.example',
    ['/', '/agreements', '/partners', '/inventory', '/partner-benefits', '/users', '/users/invite', '/audit', '/profile', '/settings/api-tokens', '/subscriptions'],
    [
      ['/inventory', /tab=benefits/],
      // From the page the link before found.
      ['@last', /^\/benefits\/\d+/],
      ['@last', /^\/benefits\/\d+\/calculation/],
      ['/agreements', /^\/accounts\/\d+\/domains$/],
    ],
  ],
  ['ops@bc.example', ['/', '/organizations', '/admin/operations', '/admin/clock', '/support-requests', '/users'], []],
];

/** Saves `lang` as the signed-in user's language (their profile). */
async function setLanguage(page: Page, lang: string) {
  await open(page, '/profile');
  await page.getByTestId('profile-language').selectOption(lang);
  await page.locator('form:has([data-testid="profile-language"]) button[type="submit"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

async function auditAll(page: Page, email: string, paths: string[], linked: Linked[], found: string[]) {
  for (const path of paths) await audit(page, path, found);
  const subscription = await firstLink(page, '/subscriptions', /^\/subscriptions\/\d+$/);
  if (subscription) await audit(page, subscription, found);
  const customer = await firstLink(page, '/customers', /^\/customers\/\d+$/);
  if (customer && email.includes('partner')) {
    for (const tail of ['/subscriptions', '/add-subscription', '/orders', '/invoices', '/software', '/software/support']) {
      await audit(page, customer + tail, found);
    }
    for (const [list, pattern] of [['/orders', /^\/orders\/\d+$/], ['/invoices', /^\/invoices\/\d+$/]] as const) {
      const href = await firstLink(page, customer + list, pattern);
      if (href) await audit(page, href, found);
      else found.push(`${customer}${list} links to no ${pattern}`);
    }
  }
  let last = '/';
  for (const [given, pattern, optional] of linked) {
    const from = given === '@last' ? last : given;
    const href = await firstLink(page, from, pattern);
    if (href) {
      last = href;
      await audit(page, href, found);
    } else if (!optional) {
      found.push(`${from} has no link like ${pattern}`);
    }
  }
}

for (const [email, paths, linked] of USERS) {
  test(`axe: every page of ${email}, in English and 繁體中文`, async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, email);
    const own = (await page.locator('html').getAttribute('lang')) ?? 'en';
    const other = own === 'en' ? 'zh-TW' : 'en';
    const found: string[] = [];
    await auditAll(page, email, paths, linked, found);
    try {
      await setLanguage(page, other);
      await auditAll(page, email, paths, linked, found);
    } finally {
      // The other tests expect the demo users' own languages.
      await setLanguage(page, own);
    }
    expect(found, found.join('\n')).toEqual([]);
  });
}
