import { expect, type Page } from '@playwright/test';
import { axe, base, login, shot as rawShot, test } from './helpers';

async function shot(page: Page, name: string) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await rawShot(page, name);
}

async function expectAccessible(page: Page) {
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

test('service: a ticket created in the UI is assigned by skill, answered, resolved and rated', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  // The administrator works as an agent for deliveries; an article about damaged goods is published.
  const me = await call(page, 'GET', '/api/v1/auth/me');
  await call(page, 'PUT', `/api/v1/support/agents/${me.user.id}`, { skills: ['delivery'], active: true });
  await call(page, 'POST', '/api/v1/kb/articles', {
    title: 'Goods arrived damaged',
    body: 'Photograph the damaged pallet and open a return; we send a replacement.',
    title_zh: '货物到达时已损坏',
    published: true,
    category: 'delivery',
  });

  // Round the clock service for high priority: answer within 4 hours, resolve within 2 days.
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, from: '00:00', to: '24:00' }));
  await call(page, 'POST', '/api/v1/support/calendars', { name: 'Always', time_zone: 'UTC', hours: days });
  await call(page, 'POST', '/api/v1/support/sla-policies', {
    name: 'High priority',
    priority: 'high',
    calendar_id: 'Always',
    first_response_minutes: 240,
    resolution_minutes: 2880,
  });

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await page.getByRole('button', { name: 'New ticket' }).click();
  await expect(page.getByRole('heading', { name: 'New ticket' })).toBeVisible();

  const customer = page.getByRole('combobox', { name: /Customer/ });
  await customer.click();
  await customer.fill('Around');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Around the Horn' }).first().click();
  await page.getByRole('combobox', { name: /Category/ }).fill('delivery');
  await page.getByRole('combobox', { name: /Priority/ }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'High' }).click();
  await page.getByLabel('Subject').fill('Pallet arrived damaged');
  await page.getByLabel('Description').fill('Two cartons on the pallet were crushed.');
  await page.getByLabel('Contact', { exact: true }).fill('Thomas Hardy');
  await shot(page, 'support-ticket-new');
  await page.getByRole('button', { name: 'Open ticket' }).click();

  // Assigned by the rules: the only agent with the skill.
  await expect(page.getByRole('heading', { name: /Ticket TK-\d{4}-\d{5}/ })).toBeVisible();
  await expect(page.getByText('Skill, fewest open tickets')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Assign to' })).toBeVisible();
  await expect(page.locator('.ant-card').first().getByText(me.user.name)).toBeVisible();
  await expect(page.getByText(/due in/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Goods arrived damaged' })).toBeVisible();
  await expect(page.getByText('New', { exact: true })).toBeVisible();
  await shot(page, 'support-ticket');
  await expectAccessible(page);

  // Answer the customer: the first response, the ticket is open.
  await page.getByRole('textbox', { name: 'Reply' }).fill('We are sorry: a replacement pallet leaves today.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('We are sorry: a replacement pallet leaves today.')).toBeVisible();
  await expect(page.getByText('Open', { exact: true })).toBeVisible();
  // An internal note stays internal.
  await page.getByText('Internal note', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Reply' }).fill('Carrier claim filed.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Carrier claim filed.')).toBeVisible();

  // Resolve it and record the customer's rating.
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByText('Resolved', { exact: true })).toBeVisible();
  const csat = page.locator('.ant-card').filter({ hasText: 'Customer satisfaction' });
  await csat.locator('.ant-rate-star').nth(3).locator('[role="radio"]').click();
  await csat.getByRole('button', { name: 'Record rating' }).click();
  await expect(page.getByText('Rated 4 of 5')).toBeVisible();
  await expect(page.getByText('We are sorry: a replacement pallet leaves today.')).toBeVisible();
  await shot(page, 'support-ticket-resolved');

  // The queue and the customer overview show it.
  await nav.getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Resolved' }).click();
  await expect(page.getByRole('cell', { name: 'Pallet arrived damaged' })).toBeVisible();
  await shot(page, 'support-queue');
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Knowledge base' }).click();
  await page.getByRole('searchbox', { name: 'Search articles' }).fill('pallets');
  await page.getByRole('searchbox', { name: 'Search articles' }).press('Enter');
  await expect(page.getByRole('link', { name: 'Goods arrived damaged' })).toBeVisible();
  await shot(page, 'support-kb');
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Service settings' }).click();
  await expect(page.getByRole('button', { name: 'High priority' })).toBeVisible();
  await expect(page.getByRole('cell', { name: me.user.name, exact: true })).toBeVisible();
  await shot(page, 'support-settings');
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Returns' }).click();
  await expect(page.getByRole('heading', { name: 'Returns' })).toBeVisible();
  await shot(page, 'support-returns');

  const around = await call(page, 'GET', '/api/v1/parties/AROUT');
  await page.goto(base() + `/customers/${around.id}/overview`);
  // The overview reads many sections; give it time on a busy machine.
  await expect(page.getByRole('link', { name: /TK-\d{4}-\d{5}/ })).toBeVisible({ timeout: 30_000 });
  await shot(page, 'support-customer-overview');
});
