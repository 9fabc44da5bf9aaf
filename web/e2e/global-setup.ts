import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

async function waitHealthy(base: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(base + '/healthz');
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`concord did not become healthy at ${base}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts `concord serve` on a temporary SQLite database loaded with
 * `concord demo`, on a free port, and hands the tests its address and the
 * demo administrator's password through the environment. The binary must
 * have been built with the UI embedded (make web-test does both).
 */
export default async function globalSetup() {
  const bin = process.env.CONCORD_BIN ? resolve(process.env.CONCORD_BIN) : join(repo, 'bin/concord');
  if (!existsSync(bin)) throw new Error(`${bin} not found: run \`make build\` (after \`npm run build\`) first`);
  const dir = mkdtempSync(join(tmpdir(), 'concord-e2e-'));
  const db = `sqlite://${join(dir, 'concord.db')}`;
  execFileSync(bin, ['demo', '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
  // demo-credentials.txt holds lines of "e-mail role password" under a comment.
  const admin = readFileSync(join(dir, 'demo-credentials.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[0] === 'admin@demo.concord.example');
  if (!admin) throw new Error('demo-credentials.txt names no demo administrator');
  const password = admin[admin.length - 1];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['serve', '--db', db, '--addr', `127.0.0.1:${port}`, '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  server.on('exit', () => (exited = true));
  await waitHealthy(base, Date.now() + 30_000);

  process.env.CONCORD_URL = base;
  process.env.CONCORD_ADMIN_EMAIL = 'admin@demo.concord.example';
  process.env.CONCORD_ADMIN_PASSWORD = password;

  return async () => {
    if (!exited) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
