import { expect, type Page } from '@playwright/test';
import en from '../src/i18n/en';
import zhCN from '../src/i18n/zh-CN';
import { axe, base, call, login, shot, test } from './helpers';

// The web-UI issue's path, once per language, read from the same message
// catalogs the screens use: a new customer, a quotation, an order with a
// short line, the finance user's approval, shipment, invoice, payment, and
// the customer overview showing it paid.

const catalogs = { en, 'zh-CN': zhCN };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** heading matches a message with {{placeholders}}, e.g. "Order {{number}}". */
const heading = (message: string) => new RegExp('^' + message.split(/\{\{\w+\}\}/).map(escape).join('\\S+'));
/**
 * label matches a button's text, after its icon's name if it has one; Ant
 * Design spaces out two-character Chinese labels ("创 建").
 */
const label = (text: string) => new RegExp('(^|\\s)' + [...text].map(escape).join('\\s?') + '$');
const fill = (message: string, vars: Record<string, string>) => message.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k]);

async function settled(page: Page) {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
}

async function accessible(page: Page) {
  await page.waitForTimeout(400); // status colours fade in
  expect(await axe(page), 'serious or critical accessibility violations').toEqual([]);
}

/** pick types into an Ant Design select and chooses the first option containing text. */
async function pick(page: Page, combo: ReturnType<Page['getByRole']>, search: string, option: string | RegExp) {
  await combo.click();
  await combo.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

// The admin's language is stored on the user, and the tests after these
// expect English: put it back even when a step failed.
test.afterEach(async ({ page }) => {
  if ((await page.context().cookies()).some((c) => c.name === 'concord_csrf')) await call(page, 'PATCH', '/api/v1/auth/me', { locale: 'en' });
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the whole path in ${lang}: customer, quotation, order with a short line, approval, ship, invoice, pay, overview paid`, async ({ page, browser }) => {
    test.setTimeout(240_000);
    const m = catalogs[lang];
    const tag = `${lang}-${Date.now().toString(36)}`;
    await login(page);
    if (lang !== 'en') {
      await page.getByRole('combobox', { name: en.header.language }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    const nav = page.getByRole('navigation', { name: m.nav.main });

    // A new customer with a small credit limit, who takes backorders.
    await nav.getByRole('link', { name: m.nav.customers, exact: true }).click();
    await page.getByRole('button', { name: label(m.customers.new) }).click();
    await expect(page.getByRole('heading', { level: 1, name: m.customers.new })).toBeVisible();
    const name = `Path Trading ${tag}`;
    await page.getByRole('textbox', { name: m.customers.legal_name }).fill(name);
    await page.getByLabel(m.customers.currency).fill('USD');
    await page.getByLabel(m.customers.credit_limit).fill('100.00');
    await page.getByLabel(m.customers.accepts_backorders).check();
    await page.getByRole('button', { name: label(m.common.create) }).click();
    await expect(page).toHaveURL(/\/customers\/pty_|\/customers\/p/);
    await page.getByRole('button', { name: label(m.overview.open) }).click();

    // A quotation from the overview: one line in stock, one far beyond it
    // (products no other test counts on: this order reserves what is left).
    await page.getByRole('button', { name: label(m.quotes.new) }).click();
    await expect(page.getByRole('heading', { name: m.quotes.new })).toBeVisible();
    await pick(page, page.getByRole('combobox', { name: fill(m.orders.productOfLine, { n: '1' }) }), 'Carnarvon', 'Carnarvon Tigers');
    await page.getByLabel(fill(m.orders.quantityOfLine, { n: '1' })).fill('2');
    await page.getByRole('button', { name: label(m.orders.addLine) }).click();
    await pick(page, page.getByRole('combobox', { name: fill(m.orders.productOfLine, { n: '2' }) }), 'Konbu', 'Konbu');
    await page.getByLabel(fill(m.orders.quantityOfLine, { n: '2' })).fill('500');
    await expect(page.getByTestId('atp-1')).toHaveClass(/ant-typography-danger/);
    await expect(page.getByTestId('atp-0')).not.toHaveClass(/ant-typography-danger/);
    await expect(page.getByTestId('credit')).toContainText(m.orders.creditExceeded);
    await shot(page, `40-quotation-entry-${lang}`);
    await accessible(page);
    await page.getByRole('button', { name: label(m.quotes.save) }).click();
    const qHeading = page.getByRole('heading', { name: heading(m.quotes.heading) });
    await expect(qHeading).toContainText(m.quotes.statuses.draft);
    await page.getByRole('button', { name: label(m.quotes.send) }).click();
    await expect(qHeading).toContainText(m.quotes.statuses.sent);
    await shot(page, `41-quotation-${lang}`);
    await accessible(page);

    // Accepted: it becomes a draft order; confirming it exceeds the credit limit.
    await page.getByRole('button', { name: label(m.quotes.convert) }).click();
    const oHeading = page.getByRole('heading', { name: heading(m.orders.heading) });
    await expect(oHeading).toContainText(m.orders.statuses.draft);
    const orderUrl = page.url();
    const orderNumber = (await oHeading.innerText()).match(/SO-\d{4}-\d+/)![0];
    await page.getByRole('button', { name: label(m.orders.actions.confirm) }).click();
    await expect(oHeading).toContainText(m.orders.statuses.pending_approval);

    // The finance user approves it from the inbox, in the same language.
    const password = `finance-${tag}-pass!`;
    const email = `fin-${tag}@demo.concord.example`;
    await call(page, 'POST', '/api/v1/users', { email, name: `Finance ${lang}`, roles: ['finance'], password, locale: lang });
    const ctx = await browser.newContext();
    const fin = await ctx.newPage();
    try {
      await fin.goto(base() + '/login');
      await fin.getByLabel(en.login.email).fill(email);
      await fin.getByLabel(en.login.password).fill(password);
      await fin.getByRole('button', { name: label(en.login.submit) }).click();
      await expect(fin.locator('html')).toHaveAttribute('lang', lang);
      await fin.getByRole('navigation', { name: m.nav.main }).getByRole('link', { name: m.nav.approvals, exact: true }).click();
      const row = fin.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: orderNumber });
      await row.getByRole('button', { name: label(m.approvals.approve) }).click();
      const dialog = fin.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByLabel(m.approvals.comment).fill('OK');
      await dialog.getByRole('button', { name: label(m.approvals.approve) }).click();
      await expect(fin.getByText(fill(m.approvals.approved, { number: orderNumber }))).toBeVisible();
    } finally {
      await ctx.close();
    }

    // Confirmed with the short line backordered, in red.
    await page.goto(orderUrl);
    await expect(oHeading).toContainText(m.orders.statuses.confirmed);
    const lines = page.locator('.ant-card').filter({ hasText: m.orders.backordered }).locator('.ant-table-tbody tr.ant-table-row');
    await expect(lines.nth(1).locator('.ant-typography-danger')).toBeVisible();
    await settled(page);
    await shot(page, `42-order-approved-${lang}`);

    // Ship what is reserved, with carrier and tracking.
    await page.getByRole('button', { name: label(m.orders.actions.ship) }).click();
    const sHeading = page.getByRole('heading', { name: heading(m.shipments.heading) });
    await expect(sHeading).toContainText(m.shipments.statuses.to_pick);
    await page.getByRole('button', { name: label(m.shipments.actions.pick) }).click();
    await expect(sHeading).toContainText(m.shipments.statuses.picked);
    await page.getByRole('button', { name: label(m.shipments.actions.pack) }).click();
    await expect(sHeading).toContainText(m.shipments.statuses.packed);
    await page.getByRole('button', { name: label(m.shipments.actions.ship) }).click();
    const shipDialog = page.getByRole('dialog');
    await shipDialog.getByLabel(m.shipments.carrier).fill('Federal Shipping');
    const tracking = `FS-${tag}`;
    await shipDialog.getByLabel(m.shipments.tracking_number).fill(tracking);
    await shipDialog.getByLabel(m.shipments.tracking_number).press('Enter');
    await expect(sHeading).toContainText(m.shipments.statuses.shipped);

    // Invoice what shipped, post it, receive the payment.
    await page.goto(orderUrl);
    await page.getByRole('button', { name: label(m.orders.actions.invoice) }).click();
    await expect(page.getByRole('heading', { name: m.invoices.draftHeading })).toBeVisible();
    await page.getByRole('button', { name: label(m.invoices.post) }).click();
    const iHeading = page.getByRole('heading', { name: heading(m.invoices.headings.invoice) });
    await expect(iHeading).toContainText(m.invoices.statuses.posted);
    const due = await page.getByTestId('residual').innerText();
    await page.getByRole('button', { name: label(m.payments.receive) }).click();
    await expect(page.getByRole('heading', { name: m.payments.receive })).toBeVisible();
    await page.getByLabel(m.payments.reference).fill(`Wire ${tag}`);
    await page.getByLabel(m.payments.reference).press('Enter');
    await expect(page).toHaveURL(/\/payments$/);

    // The overview: nothing owed, the invoice paid, the shipment tracked.
    await page.goto(orderUrl);
    await page.getByRole('link', { name: new RegExp(escape(name)) }).first().click();
    await expect(page.getByRole('heading', { name: fill(m.overview.heading, { name }) })).toBeVisible();
    await expect(page.getByTestId('balance-due')).toContainText('0.00');
    await expect(page.getByText(m.overview.noOpenInvoices)).toBeVisible();
    await expect(page.getByText(tracking)).toBeVisible();
    await expect(page.getByText(m.overview.events.billing_invoice_settled).first()).toBeVisible();
    await expect(page.locator('.ant-card').filter({ hasText: m.payments.title }).first()).toContainText(due.replace(/[^\d.,]/g, ''));
    await settled(page);
    await shot(page, `43-overview-paid-${lang}`);
    await accessible(page);
  });
}
