import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

/**
 * DemoNode is a concord node of its own with the demo company (`serve
 * --demo`). The shared server holds the Northwind data, whose orders are
 * decades old and whose documents the other specs create; the demo
 * company has recent orders, invoices, tickets, leads and a user per role.
 */
export class DemoNode {
  base = '';
  private server?: ChildProcess;
  private dir = '';
  private passwords = new Map<string, string>();

  /** start launches the node on a random port and waits until it answers. */
  async start() {
    const bin = process.env.CONCORD_BIN ? resolve(process.env.CONCORD_BIN) : resolve(import.meta.dirname, '../../bin/concord');
    this.dir = mkdtempSync(join(tmpdir(), 'concord-demo-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    this.base = `http://127.0.0.1:${port}`;
    this.server = spawn(bin, ['serve', '--demo', '--db', `sqlite://${join(this.dir, 'concord.db')}`, '--addr', `127.0.0.1:${port}`, '--log-level', 'warn'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (const deadline = Date.now() + 110_000; ; ) {
      try {
        if ((await fetch(this.base + '/healthz')).ok) break;
      } catch {
        // not listening yet: the demo company is loading
      }
      if (Date.now() > deadline) throw new Error('the demo node did not start');
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const line of readFileSync(join(this.dir, 'demo-credentials.txt'), 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[0]?.includes('@')) this.passwords.set(f[0], f[f.length - 1]);
    }
  }

  /** stop ends the node and removes its database. */
  async stop() {
    const s = this.server;
    if (s && s.exitCode === null) {
      s.kill('SIGTERM');
      await new Promise((r) => s.once('exit', r));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** first is the first row a list endpoint gives the signed-in user of page. */
  async first<T>(page: Page, path: string): Promise<T> {
    const r = await page.request.get(this.base + path);
    expect(r.ok(), `GET ${path}: ${r.status()}`).toBeTruthy();
    const row = (await r.json()).data[0] as T | undefined;
    expect(row, `${path} gives a row`).toBeTruthy();
    return row!;
  }

  /** signIn signs a demo user in and waits for the dashboard. */
  async signIn(page: Page, email: string) {
    await page.goto(this.base + '/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(this.passwords.get(email)!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: /Welcome|欢迎/ })).toBeVisible();
  }
}
