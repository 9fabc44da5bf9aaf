import { expect, type Page } from '@playwright/test';
import { axe, base, login, shot as rawShot, test } from './helpers';

/** shot waits for the loading spinners to stop, then takes the screenshot. */
async function shot(page: Page, name: string, fullPage = true) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await rawShot(page, name, fullPage);
}

/** awayFromHeaders moves the mouse off the table and waits for a column's sort tooltip, which would cover the list's controls, to go. */
async function awayFromHeaders(page: Page) {
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-tooltip:not(.ant-tooltip-hidden)')).toHaveCount(0);
}

async function expectAccessible(page: Page) {
  await page.waitForTimeout(400);
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
}

/** call sends an API request with the page's session (and its CSRF token on writes). */
async function call(page: Page, method: 'GET' | 'POST', path: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'concord_csrf')?.value ?? '';
  const r = await page.request.fetch(base() + path, { method, data, headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf } });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
  return r.json();
}

test('CRM: a lead that duplicates a customer converts into it, and the pipeline kanban drag moves the opportunity through the API', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // A lead from the company of an existing customer (Around the Horn).
  await nav.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('heading', { name: 'Leads' })).toBeVisible();
  await page.getByRole('button', { name: 'New lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('First name').fill('Thomas');
  await dialog.getByLabel('Last name').fill('Hardy');
  await dialog.getByLabel('E-mail').fill('thomas.hardy@aroundthehorn.example');
  await dialog.getByLabel('Company').fill('Around the Horn');
  await dialog.getByLabel('Job title').fill('Sales Director');
  await dialog.getByLabel('Employees').fill('60');
  await dialog.getByRole('button', { name: 'Create' }).click();

  // The lead page: the score explained and the duplicate warning.
  await expect(page.getByRole('heading', { level: 1, name: /Thomas Hardy/ })).toBeVisible();
  await expect(page.getByText('This lead looks like existing records')).toBeVisible();
  await expect(page.getByText('Decision maker')).toBeVisible();
  await shot(page, 'crm-lead');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  await expect(page.getByText('Qualified', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  const convert = page.getByRole('dialog', { name: 'Convert the lead' });
  await expect(convert.getByRole('radio', { name: /The matching customer AROUT/ })).toBeChecked();
  await convert.getByLabel('Expected amount').fill('2500');
  await convert.getByRole('button', { name: 'Convert', exact: true }).click();

  // Converted into the existing customer; the opportunity page opens.
  await expect(page).toHaveURL(/\/opportunities\/opp_/);
  const oppId = page.url().split('/').pop()!;
  const opp = await call(page, 'GET', `/api/v1/opportunities/${oppId}`);
  const arout = await call(page, 'GET', '/api/v1/parties/AROUT');
  expect(opp.party_id).toBe(arout.id);
  expect(opp.stage_id).toBe('stg_prospecting');
  await expect(page.getByText('Stage history')).toBeVisible();

  // The kanban: drag the card from Prospecting to Proposal.
  await nav.getByRole('link', { name: 'Pipeline' }).click();
  await expect(page.getByRole('heading', { name: 'Pipeline' })).toBeVisible();
  const card = page.getByTestId(`opportunity-${oppId}`);
  await expect(page.getByTestId('stage-stg_prospecting').getByTestId(`opportunity-${oppId}`)).toBeVisible();
  await card.dragTo(page.getByTestId('stage-stg_proposal'));
  await expect(page.getByTestId('stage-stg_proposal').getByTestId(`opportunity-${oppId}`)).toBeVisible();
  await expect(page.getByText(/moved to Proposal/)).toBeVisible();
  // The API has it in the new stage, at the stage's probability, with the stay recorded.
  await expect.poll(async () => (await call(page, 'GET', `/api/v1/opportunities/${oppId}`)).stage_id).toBe('stg_proposal');
  const moved = await call(page, 'GET', `/api/v1/opportunities/${oppId}`);
  expect(moved.probability).toBe(50);
  expect(moved.weighted_amount.amount).toBe('1250.00');
  const history = await call(page, 'GET', `/api/v1/opportunities/${oppId}/history`);
  expect(history.data.map((v: { stage_id: string }) => v.stage_id)).toEqual(['stg_prospecting', 'stg_proposal']);
  await expect(page.getByRole('figure', { name: /Weighted forecast/ })).toBeVisible();
  await shot(page, 'crm-pipeline');
  await expectAccessible(page);

  // An activity on the customer shows on the 360 page.
  await page.goto(`${base()}/customers/${arout.id}/overview`);
  await page.getByRole('button', { name: 'Log activity' }).click();
  const act = page.getByRole('dialog', { name: 'Log activity' });
  await act.getByLabel('Title').fill('Call about the proposal');
  await act.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Call about the proposal').first()).toBeVisible();

  await nav.getByRole('link', { name: 'Activities' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activities' })).toBeVisible();
  await expect(page.getByText('Call about the proposal')).toBeVisible();
  await shot(page, 'crm-activities');
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('cell', { name: 'Thomas Hardy' })).toBeVisible();
  await shot(page, 'crm-leads');
  await expectAccessible(page);
});

test('Marketing: a segment evaluated on demand, a campaign taking its members, the campaign report', async ({ page }) => {
  await login(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByRole('heading', { name: 'Segments' })).toBeVisible();
  await page.getByRole('button', { name: 'New segment' }).click();
  const dialog = page.getByRole('dialog', { name: 'New segment' });
  await dialog.getByLabel('Name', { exact: true }).fill('Customers');
  await dialog.getByRole('combobox', { name: 'Lifecycle stages' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Customer' }).first().click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'Customers', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Show members' }).click();
  await expect(page.getByText(/Customers · \d+ members/)).toBeVisible();
  await shot(page, 'crm-segment-members');
  await page.keyboard.press('Escape');

  const seg = (await call(page, 'GET', '/api/v1/segments')).data[0];
  await call(page, 'POST', '/api/v1/campaigns', {
    name: 'Autumn mailing',
    channel: 'email',
    segment_id: seg.id,
    budget: { amount: '500.00', currency: 'EUR' },
    start_date: '2026-09-01',
    end_date: '2026-10-31',
  });
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Add the segment’s members' }).click();
  await expect(page.getByText(/The campaign has \d+ members now/)).toBeVisible();
  await expect(page.getByText('Campaign results')).toBeVisible();
  await shot(page, 'crm-campaigns');
  await expectAccessible(page);
});

test('the lead list sorts on the server by score and exports what it shows', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  // Leads with different scores, so the sort has something to order.
  for (const lead of [
    { first_name: 'Ada', last_name: 'Low', email: 'ada.low@gmail.example' },
    { first_name: 'Bo', last_name: 'High', email: 'bo@northwind-traders.example', job_title: 'CEO', company_name: 'Northwind Traders', employees: 500 },
    { first_name: 'Cy', last_name: 'Middle', email: 'cy@middle.example', company_name: 'Middle Ltd' },
  ]) {
    await call(page, 'POST', '/api/v1/leads', lead);
  }
  await page.goto(base() + '/leads');
  await expect(page.getByRole('heading', { name: 'Leads' })).toBeVisible();
  // Score is the fifth column.
  const scores = page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(5)');
  await expect(scores.nth(2)).toBeVisible();
  const inOrder = async (up: boolean) => {
    const v = (await scores.allInnerTexts()).map((s) => Number(s.trim()));
    return v.length > 2 && v.every((x, i) => i === 0 || (up ? v[i - 1] <= x : v[i - 1] >= x));
  };
  const header = page.getByRole('columnheader', { name: /Score/ });
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => inOrder(true)).toBe(true);
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await expect.poll(() => inOrder(false)).toBe(true);
  await awayFromHeaders(page);
  await shot(page, 'crm-leads-sorted');
  await expectAccessible(page);

  // The CSV holds every lead, best score first, as the table shows them.
  const best = Number((await scores.first().innerText()).trim());
  const shown = await scores.count();
  await page.getByRole('button', { name: 'Export' }).click();
  const csvItem = page.getByRole('menuitem', { name: 'CSV file' });
  await expect(csvItem).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent('download'), csvItem.click()]);
  expect(csv.suggestedFilename()).toBe('leads.csv');
  const text = (await (await csv.createReadStream()).toArray()).join('');
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0].split(',')).toEqual(['First name', 'Last name', 'Company', 'E-mail', 'Phone', 'Country', 'Source', 'Score', 'Status', 'Created at', 'Updated at']);
  expect(lines.length - 1).toBeGreaterThanOrEqual(shown);
  // Score, status and the two instants end each row.
  const tail = /,(\d+),([a-z]+),(\d{4}-\d{2}-\d{2}T[\d:]+Z),(\d{4}-\d{2}-\d{2}T[\d:]+Z)$/;
  const fileScores = lines.slice(1).map((l) => Number(l.match(tail)?.[1]));
  expect(fileScores[0]).toBe(best);
  expect(fileScores.every((x, i) => i === 0 || fileScores[i - 1] >= x)).toBe(true);

  // The Excel file is offered from the same menu.
  await page.getByRole('button', { name: 'Export' }).click();
  const xlsxItem = page.getByRole('menuitem', { name: 'Excel file' });
  await expect(xlsxItem).toBeVisible();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), xlsxItem.click()]);
  expect(xlsx.suggestedFilename()).toBe('leads.xlsx');

  // The opportunities as a table, beside the pipeline board in the menu.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Opportunities' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Opportunities' })).toBeVisible();
  const amountHeader = page.getByRole('columnheader', { name: /^Amount/ });
  await amountHeader.click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
  await awayFromHeaders(page);
  await shot(page, 'crm-opportunities');
  await expectAccessible(page);
});
