// `npm start` as a user runs it: on a fresh data directory it creates the SQLite
// file, migrates, serves /healthz and /v1/signup over real HTTP, and stops cleanly
// on SIGTERM.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

test('npm start on a fresh data directory serves /healthz and /v1/signup, then stops on SIGTERM', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-start-'));
  const dbFile = join(dir, 'data', 'sesame.db');
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dbFile}`, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 150_000);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });
    assert.ok(existsSync(dbFile), 'the database file and its folder were created');

    const signup = await fetch(`http://127.0.0.1:${port}/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.com', password: 'a fine long password' }),
    });
    assert.equal(signup.status, 201);
    assert.equal(((await signup.json()) as { user: { email: string } }).user.email, 'first@example.com');
    const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as { keys: { alg: string }[] };
    // The access-token key, and the OpenID Connect ID-token keys beside it.
    assert.deepEqual(jwks.keys.map((key) => key.alg).sort(), ['ES256', 'EdDSA', 'RS256'], 'the signing keys were generated on first start');
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    const code = await exited;
    rmSync(dir, { recursive: true, force: true });
    assert.match(output, /shutting down/, output);
    assert.ok(code === 0 || code === null, `exit code ${code}: ${output}`);
  }
});
