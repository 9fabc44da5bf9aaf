import { expect, type Page } from '@playwright/test';
import { axe, base, login, shot, test } from './helpers';

async function expectAccessible(page: Page) {
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
}

test('sign-in page: wrong password is a readable message, then the shell', async ({ page }) => {
  await page.goto(base() + '/customers');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Concord' })).toBeVisible();
  await shot(page, '01-login');
  await expectAccessible(page);

  await page.getByLabel('E-mail').fill(process.env.CONCORD_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Sign-in failed');

  await page.getByLabel('Password').fill(process.env.CONCORD_ADMIN_PASSWORD!);
  await page.getByLabel('Password').press('Enter');
  // Back to where the user wanted to go.
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await page.goto(base() + '/');
  await expect(page.getByRole('heading', { name: 'Welcome, Demo Admin' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toBeVisible();
  await shot(page, '02-home');
  await expectAccessible(page);
});

test('customers: list with server-side pages, filters, a validation error on its field, create', async ({ page }) => {
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(20);
  await expect(page.getByText('Page 1')).toBeVisible();
  await shot(page, '03-customers');
  await expectAccessible(page);

  const first = await rows.first().innerText();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2')).toBeVisible();
  await expect(rows.first()).not.toHaveText(first);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('Page 1')).toBeVisible();

  // The server sorts: by legal name, descending on the second click.
  const byName = page.getByRole('columnheader', { name: 'Legal name' });
  const names = rows.locator('td:nth-child(2)');
  await byName.click();
  await expect(rows.first()).toContainText('Alfreds Futterkiste');
  await byName.click();
  await expect(byName).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).not.toContainText('Alfreds Futterkiste');
  const desc = await names.allInnerTexts();
  expect(desc).toEqual([...desc].sort().reverse());
  await byName.click();

  await page.getByRole('searchbox', { name: 'Search' }).fill('Alfreds');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Alfreds Futterkiste');

  // Create: the server's validation error lands on the e-mail field.
  await page.getByRole('button', { name: 'New customer' }).click();
  await expect(page.getByRole('heading', { name: 'New customer' })).toBeVisible();
  await page.getByLabel('Legal name').fill('Zeta Trading Ltd');
  await page.getByLabel('E-mail').fill('not-an-email');
  await page.getByLabel('Country (ISO code)').fill('GB');
  await page.getByLabel('Street and number').fill('1 Quay Street');
  await page.getByLabel('City', { exact: true }).fill('Bristol');
  await page.getByRole('button', { name: 'Create' }).click();
  const emailItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('E-mail') });
  await expect(emailItem.locator('.ant-form-item-explain-error')).toContainText('e-mail address');
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await expect(page.getByRole('alert').first()).toContainText('Please correct the marked fields');
  await shot(page, '04-customer-validation-error');
  await expectAccessible(page);

  await page.getByLabel('E-mail').fill('orders@zeta.example');
  await page.getByLabel('E-mail').press('Enter'); // Enter saves
  await expect(page).toHaveURL(/\/customers\/pty_/);
  await expect(page.getByRole('heading', { name: /^Customer CUST-/ })).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue('orders@zeta.example');
  await shot(page, '05-customer-detail');

  // Esc leaves the form.
  await page.getByLabel('Legal name').press('Escape');
  await expect(page).toHaveURL(/\/customers$/);
});

test('customers: a likely duplicate is flagged while typing, kept on purpose, then merged', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/customers/new');
  await page.getByLabel('Legal name').fill('Alfreds Futterkiste');
  await page.getByLabel('E-mail').click(); // leaving the name checks for duplicates
  const warning = page.getByRole('alert').filter({ hasText: 'This looks like an existing customer' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Alfreds Futterkiste');
  await shot(page, '06-customer-duplicate-warning');

  await warning.getByRole('button', { name: 'Create anyway' }).click();
  await expect(page).toHaveURL(/\/customers\/pty_/);
  const dupCard = page.locator('.ant-card').filter({ hasText: 'Possible duplicates' });
  await expect(dupCard).toContainText('Alfreds Futterkiste');
  await dupCard.getByRole('button', { name: 'Merge into this customer' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Merge into this customer' }).click();
  await expect(page.getByText(/Merged\./)).toBeVisible();
});

test('products: list, detail with stock by warehouse, global search', async ({ page }) => {
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(20);
  // Prices are formatted for the locale, with the currency.
  await expect(page.locator('.ant-table-tbody').getByText(/\$\d/).first()).toBeVisible();
  await shot(page, '07-products');
  await expectAccessible(page);

  // Ctrl+K searches customers, products and documents; Enter opens the first hit.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Search', exact: true }).fill('Chai');
  await expect(dialog.getByRole('option').first()).toContainText('Chai');
  await shot(page, '08-search', false); // a dialog: the viewport is the picture
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/products\/prd_/);
  await expect(page.getByRole('heading', { name: /^Product / })).toBeVisible();
  const stock = page.locator('.ant-card').filter({ hasText: 'Stock by warehouse' });
  await expect(stock.getByRole('cell').first()).toBeVisible();
  await expect(stock.getByRole('figure', { name: /Stock of/ })).toBeVisible();
  await shot(page, '09-product-detail');
  await expectAccessible(page);
});

test('warehouses and users', async ({ page }) => {
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Warehouses' }).click();
  await expect(page.getByRole('heading', { name: 'Warehouses' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'NW', exact: true })).toBeVisible();
  await shot(page, '10-warehouses');
  await expectAccessible(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'admin@demo.concord.example' })).toBeVisible();
  await shot(page, '11-users');
  await expectAccessible(page);
});

test('language: switching to 简体中文 is stored on the user and survives a reload', async ({ page }) => {
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
  await expect(page.getByRole('heading', { name: '客户' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '产品' })).toBeVisible();
  await expect(page.getByRole('button', { name: '下一页' })).toBeVisible();
  await shot(page, '12-customers-zh-CN');
  await expectAccessible(page);

  await page.reload();
  await expect(page.getByRole('heading', { name: '客户' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // Back to English for whoever signs in next.
  await page.getByRole('combobox', { name: '语言' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
});

test('unknown screens and API errors are readable, never blank', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/no/such/screen');
  await expect(page.getByText('This page does not exist.')).toBeVisible();
  await page.goto(base() + '/customers/pty_doesnotexist');
  await expect(page.getByRole('alert')).toContainText('Could not load');
  await shot(page, '13-not-found');
});

test('module switches and time zone come from the API; sign-out ends the session', async ({ page }) => {
  await login(page);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'concord_csrf')!.value;
  const setInventory = (enabled: boolean) =>
    page.request.patch(base() + '/api/v1/modules/inventory', { data: { enabled }, headers: { 'X-CSRF-Token': csrf } });
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Warehouses' })).toBeVisible();
  expect((await setInventory(false)).status()).toBe(200);
  try {
    await page.reload();
    await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Warehouses' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Stock availability' })).toHaveCount(0);
  } finally {
    expect((await setInventory(true)).status()).toBe(200);
  }

  // The time zone is the user's, changed through PATCH /api/v1/auth/me.
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: /Time zone: UTC/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Your settings' });
  await dialog.getByRole('combobox', { name: 'Time zone' }).fill('Asia/Shanghai');
  await page.locator('.ant-select-item-option').filter({ hasText: 'Asia/Shanghai' }).first().click();
  await shot(page, '14-settings', false);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: /Account menu/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Time zone: Asia/Shanghai' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Time zone: Asia/Shanghai' }).click();
  await dialog.getByRole('combobox', { name: 'Time zone' }).fill('UTC');
  await page.locator('.ant-select-item-option').filter({ hasText: /^UTC$/ }).first().click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(base() + '/customers');
  await expect(page).toHaveURL(/\/login$/, { timeout: 10_000 });
});
