import { expect, type Page } from '@playwright/test';
import { DemoNode } from './demoNode';
import { axe, shot, test } from './helpers';

// A tablet, both ways up, on the demo company (lists with many rows, long
// customer names, charts): every main screen fits the width, with tables
// scrolling inside their boxes, and the navigation opens as a drawer.
const node = new DemoNode();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await node.start();
});

test.afterAll(async () => node.stop());

/** firstID is the id of the first row a list endpoint gives the signed-in user. */
const firstID = async (page: Page, path: string) => (await node.first<{ id: string }>(page, path)).id;

/** fitsWidth checks that the page does not scroll sideways: nothing is cut off at the right. */
async function fitsWidth(page: Page, what: string) {
  const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(scroll, `${what} is ${scroll} px wide in a ${view} px window`).toBeLessThanOrEqual(view);
}

async function settled(page: Page) {
  await expect(page.locator('.ant-spin-spinning, .ant-skeleton, [aria-busy="true"]')).toHaveCount(0);
}

for (const [name, viewport] of [
  ['portrait', { width: 768, height: 1024 }],
  ['landscape', { width: 1024, height: 768 }],
] as const) {
  test(`tablet ${name} (${viewport.width}×${viewport.height}): the navigation is a drawer and every main screen fits the width`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    await node.signIn(page, 'admin@demo.concord.example');

    // No side navigation beside the page: a header button opens it as a drawer.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Open the navigation' }).click();
    await expect(nav).toBeVisible();
    // The drawer slides in: the screenshot waits until it is in place.
    await expect.poll(async () => (await nav.boundingBox())?.x).toBe(0);
    await shot(page, `tablet-${viewport.width}-navigation`, false);
    await nav.getByRole('link', { name: 'Orders' }).click();
    await expect(page.getByRole('heading', { name: 'Sales orders' })).toBeVisible();
    await expect(nav).toBeHidden();

    const screens: [string, string | RegExp][] = [
      ['/', /^Welcome/],
      ['/customers', 'Customers'],
      ['/customers/' + (await firstID(page, '/api/v1/parties?role=customer&lifecycle=customer&limit=1')) + '/overview', /.+/],
      ['/products', 'Products'],
      ['/quotations', 'Quotations'],
      ['/orders', 'Sales orders'],
      ['/orders/' + (await firstID(page, '/api/v1/sales-orders?limit=1')), /^Order SO-/],
      ['/orders/new', 'New order'],
      ['/approvals', 'Approval inbox'],
      ['/shipments', 'Shipments'],
      ['/invoices', 'Invoices'],
      ['/invoices/' + (await firstID(page, '/api/v1/invoices?limit=1')), /^Invoice INV-/],
      ['/payments', 'Payments'],
      ['/receivables', 'Receivables ageing'],
      ['/leads', 'Leads'],
      ['/opportunities', 'Pipeline'],
      ['/activities', 'Activities'],
      ['/tickets', 'Tickets'],
      ['/tickets/' + (await firstID(page, '/api/v1/tickets?limit=1')), /^Ticket TK-/],
      ['/stock', 'Stock availability'],
    ];
    for (const [path, heading] of screens) {
      await page.goto(node.base + path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await settled(page);
      await fitsWidth(page, path);
    }
    // The last screen's wide table scrolls inside its box rather than widening the page.
    await page.goto(node.base + '/receivables');
    await expect(page.getByRole('heading', { level: 1, name: 'Receivables ageing' })).toBeVisible();
    await settled(page);
    const box = page.locator('.ant-table-content').first();
    const { inner, outer } = await box.evaluate((e) => ({ inner: e.scrollWidth, outer: e.clientWidth }));
    if (viewport.width < 1000) expect(inner, 'the ageing table scrolls inside its box').toBeGreaterThan(outer);
    await fitsWidth(page, '/receivables');
    await shot(page, `tablet-${viewport.width}-receivables`, false);

    for (const [path, heading, file] of [
      ['/customers', 'Customers', 'customers'],
      ['/orders/new', 'New order', 'order-entry'],
      ['/opportunities', 'Pipeline', 'pipeline'],
    ] as const) {
      await page.goto(node.base + path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await settled(page);
      await shot(page, `tablet-${viewport.width}-${file}`, false);
      expect(await axe(page), `${path}: serious or critical accessibility violations`).toEqual([]);
    }
  });
}

test('tablet: the dashboard period picker changes the months of the dated cards and keeps them in the address', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 768, height: 1024 });
  await node.signIn(page, 'admin@demo.concord.example');
  await expect(page.getByText(/for the last twelve months/)).toBeVisible();
  const revenue = page.getByRole('region', { name: 'Revenue by month' });
  await expect(revenue.locator('canvas')).toBeVisible();

  await page.getByLabel('Period').first().click();
  await page.getByText('This year', { exact: true }).click();
  const year = new Date().getUTCFullYear();
  await expect(page).toHaveURL(new RegExp(`[?&]from=${year}-01&to=${year}-\\d\\d`));
  await expect(page.getByText(new RegExp(`from Jan ${year} to`))).toBeVisible();
  await expect(revenue.locator('canvas')).toBeVisible();
  await fitsWidth(page, 'the dashboard with a period');

  // A bookmarked period: a year with no demo history shows empty cards, not an error.
  await page.goto(node.base + '/?from=2001-01&to=2001-12');
  await expect(page.getByText(/from Jan 2001 to Dec 2001/)).toBeVisible();
  await expect(revenue.getByText('Nothing to show yet.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Order-to-cash cycle time' }).getByText('Nothing to show yet.')).toBeVisible();
  await shot(page, 'tablet-768-dashboard-2001');
});
