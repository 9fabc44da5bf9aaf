import { expect, type Page } from '@playwright/test';
import { axe, login, shot, test } from './helpers';

async function expectAccessible(page: Page) {
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
}

test('webhooks: a private target refused on its field, an endpoint registered with its secret shown once, its delivery log, switched off', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();

  await page.getByRole('button', { name: 'New endpoint' }).click();
  const dialog = page.getByRole('dialog', { name: 'New endpoint' });
  await dialog.getByLabel('URL').fill('http://10.0.0.7/hooks');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText(/points to a private address/)).toBeVisible();
  await shot(page, '40-webhook-private-target');

  await dialog.getByLabel('URL').fill('https://erp.example.com/hooks/concord');
  await dialog.getByLabel('Description').fill('ERP mirror');
  await dialog.getByLabel('Event types').fill('sales.order.*');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Create' }).click();
  const secret = page.getByRole('dialog', { name: 'Signing secret' });
  await expect(secret).toContainText('whsec_');
  await shot(page, '41-webhook-secret');
  await secret.getByRole('button', { name: 'OK' }).click();

  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: 'erp.example.com' });
  await expect(row).toContainText('sales.order.*');
  await expect(row.getByRole('switch')).toBeChecked();
  await shot(page, '42-webhooks');
  await expectAccessible(page);

  await row.getByRole('button', { name: 'Deliveries' }).click();
  await expect(page.getByText('Deliveries to https://erp.example.com/hooks/concord')).toBeVisible();
  await shot(page, '43-webhook-deliveries');
  await page.keyboard.press('Escape');

  await row.getByRole('switch').click();
  await expect(row.getByRole('switch')).not.toBeChecked();
});

test('event catalog: every type with its schema', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Event catalog' }).click();
  await expect(page.getByRole('heading', { name: 'Event catalog' })).toBeVisible({ timeout: 30_000 });
  const confirmed = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: 'sales.order.confirmed.v1' });
  await confirmed.getByRole('button', { name: 'Expand row' }).click();
  await expect(page.getByLabel('JSON Schema of sales.order.confirmed.v1')).toContainText('"const": "sales.order.confirmed.v1"');
  await shot(page, '44-event-catalog');
  await expectAccessible(page);
});
