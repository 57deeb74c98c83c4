// Secrets at rest: sealed with the secrets key, bound to their row, and the key
// itself given, read from a file, or generated once and kept.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { GENERATED_KEY_FILE, loadSecretsKey } from '../../src/store/secrets-key.js';

test('a sealed secret opens with its key and row, and with nothing else', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:7');
  assert.ok(box.isSealed(sealed));
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'totp:7'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed, 'totp:7'), 'JBSWY3DPEHPK3PXP');
  assert.throws(() => box.open(sealed, 'totp:8'), /does not open/);
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'totp:7'), /does not open/);
  const [iv, ciphertext, tag] = sealed.slice(3).split('.');
  const flipped = Buffer.from(ciphertext!, 'base64url');
  flipped[0]! ^= 1;
  assert.throws(() => box.open(`v1.${iv}.${flipped.toString('base64url')}.${tag}`, 'totp:7'), /does not open/);
});

test('SECRETS_KEY must be the base64 of 32 bytes, and only one of the two variables is set', () => {
  assert.throws(() => loadConfig({ SECRETS_KEY: 'c2hvcnQ=' }), (e) => e instanceof ConfigError && /SECRETS_KEY must be/.test(e.message));
  const key = randomBytes(32).toString('base64');
  assert.throws(() => loadConfig({ SECRETS_KEY: key, SECRETS_KEY_FILE: '/x' }), /both set/);
  const loaded = loadSecretsKey(loadConfig({ SECRETS_KEY: key }));
  assert.equal(loaded.source, 'SECRETS_KEY');
  assert.equal(loaded.key.toString('base64'), key);
});

test('SECRETS_KEY_FILE is read, and a missing or malformed file stops the start with its name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-key-'));
  const file = join(dir, 'key');
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`);
  assert.equal(loadSecretsKey(loadConfig({ SECRETS_KEY_FILE: file })).key.toString('base64'), key);
  assert.throws(() => loadSecretsKey(loadConfig({ SECRETS_KEY_FILE: join(dir, 'none') })), /SECRETS_KEY_FILE=.*none cannot be read/);
  writeFileSync(file, 'too short');
  assert.throws(() => loadSecretsKey(loadConfig({ SECRETS_KEY_FILE: file })), /must hold the base64 of 32 bytes/);
});

test('without a key, one is generated into ./data/secrets.key once, owner-only, and kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-key-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const first = loadSecretsKey(loadConfig({ DATABASE_URL: 'sqlite:./data/sesame.db' }));
    assert.equal(first.source, 'generated');
    assert.equal(first.warning, null);
    assert.equal(statSync(GENERATED_KEY_FILE).mode & 0o777, 0o600);
    const again = loadSecretsKey(loadConfig({ DATABASE_URL: 'postgres://localhost/sesame' }));
    assert.ok(again.key.equals(first.key), 'the same key on the next start');
    assert.match(again.warning ?? '', /every Sésame process on this database needs the same key/);
    assert.equal(Buffer.from(readFileSync(GENERATED_KEY_FILE, 'utf8').trim(), 'base64').length, 32);
  } finally {
    process.chdir(cwd);
  }
});
