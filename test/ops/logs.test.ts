// The log a person reads and the log a machine reads: with LOG_FORMAT=pretty (what
// `auto` picks on a terminal) one readable line per event and a start banner saying
// where Sésame listens, its docs and how to make the first admin; piped (auto), JSON
// lines. PUBLIC_URL, when unset, follows PORT (links, issuer, OpenAPI server).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { dialects } from '../helpers/databases.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';

/** Resolves once the child has written `text` (it logs its start right after listening). */
function outputIncludes(server: ChildServer, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!server.output().includes(text)) return;
      server.process.stdout!.off('data', check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error(`no "${text}" in: ${server.output().slice(-1000)}`)), 30_000);
    server.process.stdout!.on('data', check);
    check();
  });
}

describe('logs of a running Sésame', () => {
  test('on a terminal: a banner and readable lines', { timeout: 240_000 }, async () => {
    const database = await dialects[0]!.create();
    const server = await startChildServer(database.url, { LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    try {
      await fetch(`${server.url}/v1/me`);
      await outputIncludes(server, 'create-admin');
      await outputIncludes(server, 'request completed');
      const port = new URL(server.url).port;
      const output = server.output();
      assert.match(output, new RegExp(`Sésame is listening on http://127\\.0\\.0\\.1:${port}`));
      assert.match(output, new RegExp(`API docs +http://localhost:${port}/docs`));
      assert.match(output, /readiness: http:\/\/localhost:\d+\/readyz/);
      assert.match(output, /npx sesame create-admin --email/);
      assert.match(output, /\d\d:\d\d:\d\d.*INFO.*request completed/);
      assert.doesNotMatch(output, /^\{"level"/m, 'no JSON line');
    } finally {
      await server.kill('SIGTERM');
      await database.drop();
    }
  });

  test('piped: JSON lines, the start facts in one of them', { timeout: 240_000 }, async () => {
    const database = await dialects[0]!.create();
    const server = await startChildServer(database.url, { LOG_LEVEL: 'info' });
    try {
      await fetch(`${server.url}/healthz`);
      await outputIncludes(server, 'Sésame is ready');
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { msg: string; listening?: string; publicUrl?: string });
      const ready = lines.find((line) => line.msg === 'Sésame is ready');
      assert.ok(ready, 'the start line');
      assert.equal(ready.listening, server.url);
      assert.equal(ready.publicUrl, `http://localhost:${new URL(server.url).port}`);
    } finally {
      await server.kill('SIGTERM');
      await database.drop();
    }
  });
});

test('PUBLIC_URL follows PORT when unset, and wins when set', () => {
  const onPort = loadConfig({ PORT: '4321' });
  assert.equal(onPort.publicUrl, 'http://localhost:4321');
  assert.equal(onPort.tokens.issuer, 'http://localhost:4321');
  const set = loadConfig({ PORT: '4321', PUBLIC_URL: 'https://id.example.com/' });
  assert.equal(set.publicUrl, 'https://id.example.com');
  assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
});
