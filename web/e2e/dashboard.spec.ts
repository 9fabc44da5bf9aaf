import { expect, type Page } from '@playwright/test';
import { DemoNode } from './demoNode';
import { axe, shot, test } from './helpers';

// The dashboard shows the last twelve months by default, so this spec runs
// on a node with the demo company, whose past orders are recent.
const node = new DemoNode();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await node.start();
});

test.afterAll(async () => node.stop());

const signIn = (page: Page, email: string) => node.signIn(page, email);

/** settled waits until no card is loading and the charts have drawn. */
async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator('.ant-skeleton')).toHaveCount(0);
  await page.waitForTimeout(600); // ECharts' entry animation
}

async function language(page: Page, from: string, to: string) {
  await page.getByRole('combobox', { name: from }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: to }).click();
}

test('dashboard: the administrator sees revenue, cycle time and stock to reorder with data, in English and Chinese, on a desktop and a tablet', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin@demo.concord.example');
  const revenue = page.getByRole('region', { name: 'Revenue by month' });
  await expect(revenue).toBeVisible();
  await expect(revenue.getByRole('figure', { name: /Invoiced net revenue by month/ }).locator('canvas')).toBeVisible();
  const cycle = page.getByRole('region', { name: 'Order-to-cash cycle time' });
  await expect(cycle.getByText('Orders paid')).toBeVisible();
  await expect(cycle.locator('canvas')).toBeVisible();
  const reorder = page.getByRole('region', { name: /Stock below reorder point/ });
  await expect(reorder.getByRole('columnheader', { name: 'Shortfall' })).toBeVisible();
  await expect(reorder.locator('tbody tr.ant-table-row').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Open approvals' })).toBeVisible();
  // The demo company's opportunities and open invoices fill these two.
  await expect(page.getByRole('region', { name: /^Pipeline/ }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Receivables ageing' }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('region', { name: 'SLA compliance' })).toBeVisible();
  // The module switches moved below the cards.
  await expect(page.getByRole('heading', { name: 'Modules' })).toBeVisible();
  await settled(page);
  await shot(page, 'dashboard-1280-en');
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);

  await page.setViewportSize({ width: 768, height: 1024 });
  await settled(page);
  await shot(page, 'dashboard-768-en');

  await language(page, 'Language', '简体中文');
  await expect(page.getByRole('region', { name: '按月收入' })).toBeVisible();
  await expect(page.getByRole('region', { name: '订单到回款周期' })).toBeVisible();
  await settled(page);
  await shot(page, 'dashboard-768-zh-CN');
  await page.setViewportSize({ width: 1280, height: 800 });
  await settled(page);
  await shot(page, 'dashboard-1280-zh-CN');
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);

  // Back to English for whoever signs in next.
  await language(page, '语言', 'English');
  await expect(page.getByRole('region', { name: 'Revenue by month' })).toBeVisible();
});

test('dashboard: the warehouse sees the stock to reorder, not the sales figures', async ({ page }) => {
  // The demo warehouse user works in Chinese.
  await signIn(page, 'warehouse@demo.concord.example');
  const reorder = page.getByRole('region', { name: /Stock below reorder point|低于再订货点的库存/ });
  await expect(reorder.getByRole('columnheader', { name: /Shortfall|缺口/ })).toBeVisible();
  await expect(reorder.getByRole('figure', { name: /Available stock against reorder point|可用库存与再订货点对比/ }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('region', { name: /Revenue by month|按月收入/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: /SLA/ })).toHaveCount(0);
  await settled(page);
  await shot(page, 'dashboard-warehouse');
});
