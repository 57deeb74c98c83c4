// Configuration: defaults, and bad values refused with the variable named.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

test('the defaults serve the embedded database on port 3000', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, 'sqlite:./data/sesame.db');
  assert.equal(config.smtpUrl, null);
  assert.equal(config.tokens.accessTokenTtlSeconds, 900);
  assert.deepEqual(config.argon2, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  assert.deepEqual(config.apis.myclass, { prefix: '/myclass/api', port: null });
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.tokens));
});

test('PORT=abc is refused with a message naming PORT', () => {
  assert.throws(
    () => loadConfig({ PORT: 'abc' }),
    (error) => error instanceof ConfigError && /PORT="abc" must be a whole number from 0 to 65535/.test(error.message),
  );
});

test('every problem is reported at once', () => {
  try {
    loadConfig({ DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', TRUST_PROXY: 'maybe', MYCLASS_PREFIX: 'no-slash' });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 4);
    assert.match(error.message, /DATABASE_URL/);
    assert.match(error.message, /SMTP_URL must start with smtp: or smtps:/);
    assert.match(error.message, /TRUST_PROXY/);
    assert.match(error.message, /MYCLASS_PREFIX/);
  }
});

test('values are trimmed and parsed', () => {
  const config = loadConfig({ PORT: ' 8080 ', TRUST_PROXY: 'yes', PUBLIC_URL: 'https://id.example.com/', USERAPI_PORT: '8081' });
  assert.equal(config.port, 8080);
  assert.equal(config.trustProxy, true);
  assert.equal(config.publicUrl, 'https://id.example.com');
  assert.equal(config.tokens.issuer, 'https://id.example.com');
  assert.equal(config.apis.userapi.port, 8081);
});
