import { expect, type Page } from '@playwright/test';
import { DemoNode } from './demoNode';
import { axe, shot, test } from './helpers';

// The global search (Ctrl+K) on the demo company, whose orders, invoices,
// tickets and leads are there to be found.
const node = new DemoNode();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await node.start();
});

test.afterAll(async () => node.stop());

async function searchFor(page: Page, text: string) {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search' });
  await expect(box).toBeFocused();
  await box.fill(text);
  return page.getByRole('listbox', { name: 'Search' });
}

test('search: Ctrl+K finds an order (with its history), an invoice, a ticket and a lead by number or name, and Enter opens it', async ({ page }) => {
  test.setTimeout(120_000);
  await node.signIn(page, 'admin@demo.concord.example');
  const order = await node.first<{ number: string }>(page, '/api/v1/sales-orders?status=confirmed&limit=1');
  const invoice = await node.first<{ number: string }>(page, '/api/v1/invoices?status=posted&limit=1');
  const ticket = await node.first<{ number: string; subject: string }>(page, '/api/v1/tickets?limit=1');

  // Part of an order number, in lower case: the order and nothing else of its kind.
  let list = await searchFor(page, order.number.slice(3).toLowerCase());
  await expect(list.getByText('Sales orders')).toBeVisible();
  await expect(list.getByRole('option', { name: new RegExp(order.number) })).toBeVisible();
  await expect(list.getByRole('option', { name: new RegExp(order.number) })).toContainText('Confirmed');
  await shot(page, 'search-order', false);
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Order ${order.number}`) })).toBeVisible();
  // Its history, from the audit log: created, then confirmed, with the status change.
  const history = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: 'History' }) });
  await expect(history.getByText('Confirmed', { exact: true })).toBeVisible();
  await expect(history.getByText('Created', { exact: true })).toBeVisible();
  await expect(history.getByText(/→ confirmed/).first()).toBeVisible();
  await history.scrollIntoViewIfNeeded();
  await shot(page, 'order-history', false);

  list = await searchFor(page, invoice.number);
  await expect(list.getByText('Invoices')).toBeVisible();
  await list.getByRole('option', { name: new RegExp(invoice.number) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Invoice ${invoice.number}`) })).toBeVisible();

  list = await searchFor(page, ticket.number);
  await expect(list.getByText('Tickets')).toBeVisible();
  await list.getByRole('option', { name: new RegExp(ticket.number) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Ticket ${ticket.number}`) })).toBeVisible();

  // A lead by the person's name; the demo's lead Ana Souza works at Solaris Energia.
  list = await searchFor(page, 'souza');
  await expect(list.getByText('Leads')).toBeVisible();
  await list.getByRole('option', { name: /Ana Souza/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Ana Souza/ })).toBeVisible();

  // Nothing matches: said so, not a blank box.
  await searchFor(page, 'zzqx-no-such-thing');
  await expect(page.getByText('Nothing found.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('combobox', { name: 'Search' })).toBeHidden();
});
