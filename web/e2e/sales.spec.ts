import { expect, type Page } from '@playwright/test';
import { axe, base, login, shot as rawShot, test } from './helpers';

/** shot waits for the tables' loading spinners to stop, then takes the screenshot. */
async function shot(page: Page, name: string, fullPage = true) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await rawShot(page, name, fullPage);
}

async function expectAccessible(page: Page) {
  // Buttons fade between colours when a status changes; let them settle.
  await page.waitForTimeout(400);
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
}

/** call sends an API request with the page's session (and its CSRF token on writes). */
async function call(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'concord_csrf')?.value ?? '';
  const r = await page.request.fetch(base() + path, { method, data, headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf } });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
  return r.json();
}

/** updateParty replaces a customer with some fields changed (PUT takes the whole record). */
async function updateParty(page: Page, code: string, change: Record<string, unknown>) {
  const p = await call(page, 'GET', `/api/v1/parties/${code}`);
  const { id, created_at: _c, updated_at: _u, ...rest } = p;
  void _c;
  void _u;
  return call(page, 'PUT', `/api/v1/parties/${id}`, { ...rest, ...change });
}

/** pick types into an Ant Design select and chooses the first option containing text. */
async function pick(page: Page, combo: ReturnType<Page['getByRole']>, search: string, option: string | RegExp) {
  await combo.click();
  await combo.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

test('lead to cash: order with a short line, confirm, ship with tracking, invoice, payment, overview paid', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page);
  // Around the Horn accepts backorders, so a short line is confirmed as a backorder.
  await updateParty(page, 'AROUT', { accepts_backorders: true });

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Sales orders' })).toBeVisible();
  await page.getByRole('button', { name: 'New order' }).click();
  await expect(page.getByRole('heading', { name: 'New order' })).toBeVisible();

  await pick(page, page.getByRole('combobox', { name: /^\W*Customer$/ }), 'Around', 'Around the Horn');
  const credit = page.getByTestId('credit');
  await expect(credit).toContainText('No limit');

  // Line 1: 4 × Aniseed Syrup at the customer's price, 10 % off.
  await pick(page, page.getByRole('combobox', { name: 'Product of line 1' }), 'Aniseed', 'Aniseed Syrup');
  await page.getByLabel('Quantity of line 1').fill('4');
  await expect(page.getByTestId('atp-0')).toContainText('available');
  await expect(page.getByLabel('Unit price of line 1')).toHaveAttribute('placeholder', '10.00');
  await page.getByLabel('Discount of line 1').fill('10');
  await expect(page.getByTestId('line-total-0')).toHaveText('$36.00');

  // Line 2: far more Ikura than the warehouse has: shown short, in red.
  await page.getByRole('button', { name: 'Add line' }).click();
  await pick(page, page.getByRole('combobox', { name: 'Product of line 2' }), 'Ikura', 'Ikura');
  await page.getByLabel('Quantity of line 2').fill('40');
  const atp = page.getByTestId('atp-1');
  await expect(atp).toContainText('Short: only 31 available');
  await expect(atp).toHaveClass(/ant-typography-danger/);
  await expect(page.getByTestId('line-total-1')).toHaveText('$1,240.00');
  await expect(page.getByTestId('order-totals')).toContainText('$1,276.00');
  // The lines are a grid for the keyboard: ↑ goes to the line above, same column.
  await page.getByLabel('Quantity of line 2').press('ArrowUp');
  await expect(page.getByLabel('Quantity of line 1')).toBeFocused();
  await page.getByLabel('Quantity of line 1').press('ArrowDown');
  await expect(page.getByLabel('Quantity of line 2')).toBeFocused();
  await shot(page, '20-order-entry');
  await expectAccessible(page);

  // Enter saves the draft.
  await page.getByLabel('Quantity of line 2').press('Enter');
  await expect(page).toHaveURL(/\/orders\/so_/);
  await expect(page.getByRole('heading', { name: /^Order SO-/ })).toContainText('Draft');
  const orderUrl = page.url();
  const orderNumber = (await page.getByRole('heading', { name: /^Order SO-/ }).innerText()).match(/SO-\d{4}-\d+/)![0];

  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: /^Order SO-/ })).toContainText('Confirmed');
  await expect(page.getByText('Approved by policy')).toBeVisible();
  await expect(page.getByText('No policy matched')).toBeVisible();
  const lines = page.locator('.ant-card').filter({ hasText: 'Backordered' }).locator('.ant-table-tbody tr.ant-table-row');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(1)).toContainText('Ikura');
  await expect(lines.nth(1).locator('.ant-typography-danger')).toHaveText('9'); // 40 ordered, 31 reserved
  await shot(page, '21-order-confirmed');
  await expectAccessible(page);

  // The order list, filtered by status.
  await nav.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: /^Confirmed$/ }).click();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: orderNumber })).toBeVisible();
  await expect(page.locator('.ant-table-tbody')).toContainText('AROUT · Around the Horn');
  await shot(page, '22-orders');
  await expectAccessible(page);

  // Warehouse: create the shipment from the order, pick, pack, ship with carrier and tracking.
  await page.goto(orderUrl);
  await page.getByRole('button', { name: 'Create shipment' }).click();
  await expect(page).toHaveURL(/\/shipments\/shp_|\/shipments\/sh/);
  await expect(page.getByRole('heading', { name: /^Shipment SH-/ })).toContainText('To pick');
  await shot(page, '23-shipment');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Picked' }).click();
  await expect(page.getByRole('heading', { name: /^Shipment SH-/ })).toContainText('Picked');
  await page.getByRole('button', { name: 'Packed' }).click();
  await expect(page.getByRole('heading', { name: /^Shipment SH-/ })).toContainText('Packed');
  await page.getByRole('button', { name: 'Ship', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Carrier').fill('Speedy Express');
  await dialog.getByLabel('Tracking number').fill('SPX-0042-7781');
  await shot(page, '24-ship-dialog', false);
  await dialog.getByLabel('Tracking number').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: /^Shipment SH-/ })).toContainText('Shipped');
  await expect(page.getByText('SPX-0042-7781')).toBeVisible();
  // The carrier reports delivery.
  await page.getByRole('button', { name: 'Delivered' }).click();
  await expect(page.getByRole('heading', { name: /^Shipment SH-/ })).toContainText('Delivered');

  // The queue shows it under Delivered.
  await nav.getByRole('link', { name: 'Shipments' }).click();
  await expect(page.getByRole('heading', { name: 'Shipments' })).toBeVisible();
  await page.locator('.ant-segmented').getByText('Delivered', { exact: true }).click();
  await expect(page.locator('.ant-table-tbody')).toContainText('SPX-0042-7781');
  await shot(page, '25-shipments');
  await expectAccessible(page);

  // Billing: invoice what shipped, post it.
  await page.goto(orderUrl);
  await expect(page.getByRole('heading', { name: /^Order SO-/ })).toContainText('Partially delivered');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page.getByRole('heading', { name: /Draft invoice/ })).toBeVisible();
  await page.getByRole('button', { name: 'Post invoice' }).click();
  await expect(page.getByRole('heading', { name: /^Invoice INV-/ })).toContainText('Posted');
  // 4 × 10.00 − 10 % + 31 × 31.00 = 36.00 + 961.00
  await expect(page.getByTestId('residual')).toHaveText('$997.00');
  await shot(page, '26-invoice');
  await expectAccessible(page);

  // The ageing shows it, not yet due.
  const invoiceUrl = page.url();
  await nav.getByRole('link', { name: 'Receivables ageing' }).click();
  await expect(page.getByRole('heading', { name: 'Receivables ageing' })).toBeVisible();
  const ageRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'AROUT' });
  await expect(ageRow).toContainText('$997.00');
  await expect(page.locator('.ant-table-summary')).toContainText('Total USD');
  await shot(page, '30-ageing');
  await expectAccessible(page);
  await page.goto(invoiceUrl);

  // Receive the payment, allocated to the invoice.
  await page.getByRole('button', { name: 'Receive payment' }).click();
  await expect(page.getByRole('heading', { name: 'Receive payment' })).toBeVisible();
  await expect(page.getByLabel('Amount (USD)')).toHaveValue('997.00');
  await expect(page.getByLabel(/^Allocate to INV-/)).toHaveValue('997.00');
  await page.getByLabel('Reference').fill('Wire 2026-11');
  await expect(page.getByTestId('unallocated')).toContainText('$0.00');
  await shot(page, '27-payment-form');
  await expectAccessible(page);
  await page.getByLabel('Reference').press('Enter');
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.locator('.ant-table-tbody')).toContainText('Wire 2026-11');
  await shot(page, '28-payments');
  await expectAccessible(page);

  // The invoice is paid; the ageing has nothing of it left.
  await nav.getByRole('link', { name: 'Invoices' }).click();
  const invRow = page.locator('.ant-table-tbody tr.ant-table-row').first();
  await expect(invRow).toContainText('Paid');
  await shot(page, '29-invoices');
  await expectAccessible(page);

  // Customer 360: from the customer page.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Around the Horn');
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await page.getByRole('link', { name: 'AROUT' }).click();
  await page.getByRole('button', { name: 'Customer overview' }).click();
  await expect(page.getByRole('heading', { name: 'Around the Horn: overview' })).toBeVisible();
  await expect(page.getByTestId('balance-due')).toHaveText('$0.00');
  await expect(page.getByText('No open invoices.')).toBeVisible();
  await expect(page.getByText('SPX-0042-7781')).toBeVisible();
  await expect(page.getByText('Invoice paid').first()).toBeVisible();
  await expect(page.locator('.ant-card').filter({ hasText: 'Payments' }).first()).toContainText('$997.00');
  await shot(page, '31-customer-overview');
  await expectAccessible(page);

  // One unit came damaged: a credit note for it. Too many is refused on
  // its row first.
  await page.goto(invoiceUrl);
  await page.getByRole('button', { name: 'Credit note' }).click();
  const cnDialog = page.getByRole('dialog');
  await cnDialog.getByLabel('Reason').fill('One damaged');
  const qty = cnDialog.getByLabel('Quantity to credit');
  await expect(qty.nth(0)).toHaveValue('4');
  // Only the second line is sent: the API's lines[0] is the form's row 2.
  await qty.nth(0).fill('');
  await qty.nth(1).fill('32');
  await cnDialog.getByRole('button', { name: 'Post credit note' }).click();
  await expect(cnDialog.locator('.ant-table-row').nth(1)).toContainText('at most 31');
  await qty.nth(1).fill('');
  await qty.nth(0).fill('1');
  await shot(page, '32-credit-note');
  await expectAccessible(page);
  await cnDialog.getByRole('button', { name: 'Post credit note' }).click();
  await expect(page.getByRole('heading', { name: /^Credit note CN-/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'The original invoice' })).toBeVisible();
  await expect(page.getByText('One damaged')).toBeVisible();
});

test('order entry: API errors land on their line field; Esc leaves', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/orders/new');
  await pick(page, page.getByRole('combobox', { name: /^\W*Customer$/ }), 'BLONP', 'BLONP');
  await pick(page, page.getByRole('combobox', { name: 'Product of line 1' }), 'Tofu', 'Tofu');
  await page.getByLabel('Quantity of line 1').fill('-2');
  await page.getByLabel('Quantity of line 1').press('Enter');
  const qtyItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('Quantity of line 1') });
  await expect(qtyItem.locator('.ant-form-item-explain-error')).toBeVisible();
  await expect(page.getByRole('alert').first()).toContainText('Please correct the marked fields');
  await shot(page, '32-order-validation-error');
  await page.getByLabel('Quantity of line 1').press('Escape');
  await expect(page).toHaveURL(/\/orders$/);
});

test('a draft order is edited: lines repriced, the number kept', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/orders/new');
  await pick(page, page.getByRole('combobox', { name: /^\W*Customer$/ }), 'BLONP', 'BLONP');
  await pick(page, page.getByRole('combobox', { name: 'Product of line 1' }), 'Tofu', 'Tofu');
  await page.getByLabel('Quantity of line 1').fill('2');
  await page.getByLabel('Quantity of line 1').press('Enter');
  const heading = page.getByRole('heading', { name: /^Order SO-/ });
  await expect(heading).toContainText('Draft');
  const number = (await heading.innerText()).match(/SO-\d{4}-\d+/)![0];

  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: `Edit order ${number}` })).toBeVisible();
  await expect(page.getByLabel('Quantity of line 1')).toHaveValue('2');
  await page.getByLabel('Quantity of line 1').fill('7');
  await page.getByLabel('Reference').fill('PO-EDITED');
  await shot(page, '33-order-edit');
  await page.getByLabel('Quantity of line 1').press('Enter');
  await expect(heading).toContainText(number);
  await expect(heading).toContainText('Draft');
  await expect(page.getByText('PO-EDITED', { exact: true })).toBeVisible();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').first()).toContainText('7');
});

test('the order list sorts on the server by a column header', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/orders');
  const totals = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(5)');
  await expect(totals.first()).toBeVisible();
  const amount = (s: string) => Number(s.replace(/[^0-9.]/g, ''));
  const header = page.getByRole('columnheader', { name: /Total/ });
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const inOrder = async (up: boolean) => {
    const v = (await totals.allInnerTexts()).map(amount);
    return v.length > 1 && v.every((x, i) => i === 0 || (up ? v[i - 1] <= x : v[i - 1] >= x));
  };
  await expect.poll(() => inOrder(true)).toBe(true);
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => inOrder(false)).toBe(true);
  await shot(page, '34-orders-sorted');

  // Hide a column and keep the list as a saved view; it comes back after a reload.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Updated' }).uncheck();
  await expect(page.getByRole('columnheader', { name: 'Updated' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByLabel('Name of the view').fill('Largest first');
  await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('View “Largest first” saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('columnheader', { name: 'Updated' })).toBeVisible();
  await pick(page, page.getByRole('combobox', { name: 'Saved views' }), 'Largest', 'Largest first');
  await expect(page.getByRole('columnheader', { name: 'Updated' })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: /Total/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => inOrder(false)).toBe(true);
});

test('the invoice list sorts on the server, keeps a saved view and exports what it shows', async ({ page }) => {
  await login(page);
  await page.goto(base() + '/invoices');
  const totals = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(7)');
  await expect(totals.first()).toBeVisible();
  const amount = (s: string) => Number(s.replace(/[^0-9.]/g, ''));
  const header = page.getByRole('columnheader', { name: /Total/ });
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const descending = async (cells = totals) => {
    const v = (await cells.allInnerTexts()).map(amount);
    return v.length > 0 && v.every((x, i) => i === 0 || v[i - 1] >= x);
  };
  await expect.poll(descending).toBe(true);

  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Kind' }).uncheck();
  await expect(page.getByRole('columnheader', { name: 'Kind' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByLabel('Name of the view').fill('Biggest invoices');
  await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('View “Biggest invoices” saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('columnheader', { name: 'Kind' })).toBeVisible();
  await pick(page, page.getByRole('combobox', { name: 'Saved views' }), 'Biggest', 'Biggest invoices');
  await expect(page.getByRole('columnheader', { name: 'Kind' })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: /Total/ })).toHaveAttribute('aria-sort', 'descending');
  // With Kind hidden, Total is the sixth column.
  const shownTotals = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(6)');
  await expect.poll(() => descending(shownTotals)).toBe(true);
  await shot(page, '35-invoices-sorted-view');

  // The CSV holds the whole list in the same order, with exact amounts.
  const biggest = amount((await shownTotals.first().innerText()).trim());
  await page.getByRole('button', { name: 'Export' }).click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByText('CSV file').click()]);
  expect(csv.suggestedFilename()).toBe('invoices.csv');
  const text = (await (await csv.createReadStream()).toArray()).join('');
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  const head = lines[0].split(',');
  expect(head).toEqual(['Number', 'Kind', 'Invoice date', 'Due date', 'Customer code', 'Customer', 'Status', 'Subtotal', 'Tax', 'Total', 'Residual', 'Currency']);
  expect(lines.length - 1).toBeGreaterThanOrEqual(await totals.count());
  const firstTotal = lines[1].match(/,(\d+\.\d{2}),(\d+\.\d{2}),[A-Z]{3}$/);
  expect(Number(firstTotal?.[1])).toBe(biggest);
  await page.getByRole('button', { name: 'Export' }).click();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByText('Excel file').click()]);
  expect(xlsx.suggestedFilename()).toBe('invoices.xlsx');
});

test('approvals: a credit-limit breach waits for finance, who must comment to reject and may approve', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await login(page);
  // Berglunds gets a tiny credit limit, so any order exceeds it.
  await updateParty(page, 'BERGS', { credit_limit: { amount: '1.00', currency: 'USD' } });
  const tofu = (await call(page, 'GET', '/api/v1/products?q=Tofu')).data[0];
  const order = await call(page, 'POST', '/api/v1/sales-orders', { customer_id: 'BERGS', lines: [{ product_id: tofu.id, quantity: '2' }] });
  const confirmed = await call(page, 'POST', `/api/v1/sales-orders/${order.id}/confirm`, { version: order.version });
  expect(confirmed.status).toBe('pending_approval');

  await page.goto(base() + `/orders/${order.id}`);
  await expect(page.getByRole('heading', { name: /^Order SO-/ })).toContainText('Pending approval');
  await expect(page.getByText('Waiting for approval')).toBeVisible();
  await expect(page.getByText('Credit limit exceeded', { exact: true })).toBeVisible();
  // The submitter's own inbox does not offer it (no self-approval).
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approvals', exact: true }).click();
  await expect(page.getByText('Nothing waits for your approval.')).toBeVisible();

  const password = 'finance-pass-2026!';
  await call(page, 'POST', '/api/v1/users', { email: 'fiona@demo.concord.example', name: 'Fiona Finance', roles: ['finance'], password });
  const ctx = await browser.newContext();
  const fin = await ctx.newPage();
  try {
    await fin.goto(base() + '/login');
    await fin.getByLabel('E-mail').fill('fiona@demo.concord.example');
    await fin.getByLabel('Password').fill(password);
    await fin.getByRole('button', { name: 'Sign in' }).click();
    await expect(fin.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    await fin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approvals', exact: true }).click();
    const row = fin.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: order.number });
    await expect(row).toContainText('Credit limit exceeded');
    await expect(row).toContainText('credit_limit_exceeded');
    await expect(row).toContainText('Demo Admin'); // the request carries the submitter's name
    await shot(fin, '33-approval-inbox');
    await expectAccessible(fin);

    // Rejecting needs a comment.
    await row.getByRole('button', { name: 'Reject' }).click();
    const dialog = fin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect(dialog.getByText('A rejection needs a comment')).toBeVisible();
    await shot(fin, '34-reject-needs-comment', false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: 'Approve' }).click();
    await fin.getByRole('dialog').getByLabel('Comment').fill('Long-standing customer; limit to be raised.');
    await fin.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await expect(fin.getByText(`${order.number} approved.`)).toBeVisible();
    await expect(row).toHaveCount(0);

    await fin.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approval policies' }).click();
    await expect(fin.locator('.ant-table-tbody')).toContainText('credit.exceeded');
    await shot(fin, '35-approval-policies');
    await expectAccessible(fin);

    // The same screens in 简体中文 (Fiona's own setting).
    await fin.getByRole('combobox', { name: 'Language' }).click();
    await fin.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
    await expect(fin.getByRole('heading', { name: '审批策略' })).toBeVisible();
    await fin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '销售订单' }).click();
    await expect(fin.getByRole('heading', { name: '销售订单' })).toBeVisible();
    await expect(fin.locator('.ant-table-tbody')).toContainText('已确认');
    await shot(fin, '36-orders-zh-CN');
    await expectAccessible(fin);
  } finally {
    await ctx.close();
  }

  await page.goto(base() + `/orders/${order.id}`);
  await expect(page.getByRole('heading', { name: /^Order SO-/ })).toContainText('Confirmed');
  await expect(page.getByText('Long-standing customer; limit to be raised.')).toBeVisible();
});
