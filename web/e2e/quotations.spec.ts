import { expect, type Page } from '@playwright/test';
import { axe, base, call, login, shot, test } from './helpers';

/** pick types into an Ant Design select and chooses the first option containing text. */
async function pick(page: Page, combo: ReturnType<Page['getByRole']>, search: string, option: string | RegExp) {
  await combo.click();
  await combo.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

test('quotation list: a new customer\'s quotations found, sorted by total, searched by number, filtered by status, opened', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  // A customer of its own, so that filtering by it leaves just this test's
  // quotations; quotations reserve no stock, and the products are ones no
  // other test counts on.
  const name = `Quote List ${Date.now().toString(36)}`;
  const customer = await call(page, 'POST', '/api/v1/parties', { legal_name: name, roles: ['customer'], currency: 'USD' });
  const product = async (q: string) => (await call(page, 'GET', `/api/v1/products?q=${encodeURIComponent(q)}`)).data[0];
  const queso = await product('Queso Cabrales');
  const pavlova = await product('Pavlova');
  const big = await call(page, 'POST', '/api/v1/quotations', { customer_id: customer.id, lines: [{ product_id: queso.id, quantity: '3' }] });
  await call(page, 'POST', `/api/v1/quotations/${big.id}/send`, { version: big.version });
  const small = await call(page, 'POST', '/api/v1/quotations', { customer_id: customer.id, lines: [{ product_id: pavlova.id, quantity: '1' }] });
  expect(Number(big.total.amount)).toBeGreaterThan(Number(small.total.amount));

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Quotations', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Quotations' })).toBeVisible();
  await expect(page.locator('.ant-breadcrumb')).toHaveText(/Home\s*\/\s*Quotations/);
  // Newest first: both are on the first page, the later one above.
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows.first()).toContainText(small.number);
  await expect(page.getByRole('row', { name: new RegExp(big.number) })).toContainText('Sent');
  await expect(page.getByRole('row', { name: new RegExp(small.number) })).toContainText('Draft');

  await pick(page, page.getByRole('combobox', { name: 'Customer' }), name, name);
  await expect(rows).toHaveCount(2);
  // A click on Total sorts on the server, ascending, then descending.
  await page.getByRole('columnheader', { name: 'Total' }).click();
  await expect(rows.first()).toContainText(small.number);
  await expect(rows.nth(1)).toContainText(big.number);
  await page.getByRole('columnheader', { name: 'Total' }).click();
  await expect(rows.first()).toContainText(big.number);
  await expect(page.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'descending');

  // By number: the search finds the one, in any case.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(small.number.toLowerCase());
  await search.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(small.number);
  await search.clear();
  await search.press('Enter');
  await expect(rows).toHaveCount(2);

  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Sent' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(big.number);
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  // The status option just clicked lay over a column header: move the
  // pointer off it, or its sort tooltip covers the first row.
  await page.getByRole('heading', { name: 'Quotations' }).hover();
  await expect(page.locator('.ant-tooltip:visible')).toHaveCount(0);
  await shot(page, '45-quotation-list');
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);

  await page.getByRole('link', { name: big.number }).click();
  await expect(page).toHaveURL(new RegExp(`/quotations/${big.id}$`));
  await expect(page.getByRole('heading', { name: `Quotation ${big.number}` })).toBeVisible();
  await expect(page.locator('.ant-breadcrumb')).toHaveText(new RegExp(`Home\\s*/\\s*Quotations\\s*/\\s*${big.number}`));

  // The breadcrumb leads back to the list, and a new quotation given up
  // returns to it too (the form's home is /quotations).
  await page.locator('.ant-breadcrumb').getByRole('link', { name: 'Quotations' }).click();
  await page.getByRole('button', { name: 'New quotation' }).click();
  await expect(page.getByRole('heading', { name: 'New quotation' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(base() + '/quotations');
  await expect(page.getByRole('heading', { name: 'Quotations' })).toBeVisible();
});
