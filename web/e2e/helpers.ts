import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { test as base_, expect, type Page } from '@playwright/test';

export const base = () => process.env.CONCORD_URL!;
export const artifacts = resolve(import.meta.dirname, '../artifacts');

export async function login(page: Page) {
  await page.goto(base() + '/login');
  await page.getByLabel('E-mail').fill(process.env.CONCORD_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill(process.env.CONCORD_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
}

/** shot saves a full-page screenshot of the current screen into web/artifacts/. */
export async function shot(page: Page, name: string, fullPage = true) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe injects axe-core into the page and returns its serious and critical violations. */
export async function axe(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP
  // (script-src 'self') does not block it as it would an inline script.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * test fails a test whose page threw or logged an error (a CSP violation, a
 * React error). Answers with an error status are expected in some tests
 * (401 before sign-in, 422 validation) and are the API's business, so the
 * browser's "Failed to load resource" lines are not counted.
 */
export const test = base_.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
      });
      await use();
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** call sends an API request with the page's session (and its CSRF token on writes). */
export async function call(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'concord_csrf')?.value ?? '';
  const r = await page.request.fetch(base() + path, { method, data, headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf } });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
  return r.json();
}
