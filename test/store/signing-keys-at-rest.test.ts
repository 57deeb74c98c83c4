// Private signing keys are sealed with the secrets key: the stored row holds no `d`,
// keys left in clear by an older version are sealed at the first start with a key
// (once, even with two processes starting together), tokens minted before still
// verify after a restart, and a wrong SECRETS_KEY stops the start instead of minting
// a new key.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createSecretBox } from '../../src/store/secret-box.js';
import { openServices } from '../../src/services.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { me, signedInUser } from '../helpers/native-client.js';
import { FAST_ARGON2, startTestApp, testConfig } from '../helpers/test-app.js';

/** `sesame serve` on `url`; it is expected to stop by itself (killed after 60 s otherwise). */
function serveUntilItStops(url: string, key: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...FAST_ARGON2, LOG_LEVEL: 'silent', DATABASE_URL: url, SECRETS_KEY: key, PORT: '0', HOST: '127.0.0.1' },
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

const newKey = () => randomBytes(32).toString('base64');

async function storedKeys(database: TestDatabase, key: string) {
  const services = await openServices(testConfig(database.url, { SECRETS_KEY: key }));
  try {
    return await services.store.db.selectFrom('signing_keys').select(['kid', 'private_jwk']).execute();
  } finally {
    await services.store.close();
  }
}

for (const dialect of dialects) {
  describe(`signing keys at rest on ${dialect.name}`, () => {
    test('the stored private key holds no "d", and a token minted before a restart still verifies', async () => {
      const database = await dialect.create();
      const key = newKey();
      try {
        const first = await startTestApp(database, { env: { SECRETS_KEY: key } });
        let token: string;
        try {
          token = (await signedInUser(first.app, 'keeper@example.com')).access_token;
        } finally {
          await first.close();
        }
        const rows = await storedKeys(database, key);
        assert.equal(rows.length, 1);
        assert.ok(!rows[0]!.private_jwk.includes('"d"'), 'no private JWK member in the row');
        assert.match(rows[0]!.private_jwk, /^v1\./);

        const again = await startTestApp(database, { env: { SECRETS_KEY: key } });
        try {
          assert.equal((await me(again.app, token)).statusCode, 200);
        } finally {
          await again.close();
        }
      } finally {
        await database.drop();
      }
    });

    test('a key an older version kept in clear is sealed at the first start, once, even by two processes at once', async () => {
      const database = await dialect.create();
      const key = newKey();
      try {
        const first = await startTestApp(database, { env: { SECRETS_KEY: key } });
        let token: string;
        try {
          token = (await signedInUser(first.app, 'old@example.com')).access_token;
          // What an older version left: the private JWK in clear.
          const [row] = await first.store.db.selectFrom('signing_keys').select(['kid', 'private_jwk']).execute();
          const clear = createSecretBox(Buffer.from(key, 'base64')).open(row!.private_jwk, `signing_key:${row!.kid}`);
          await first.store.db.updateTable('signing_keys').set({ private_jwk: clear }).where('kid', '=', row!.kid).execute();
        } finally {
          await first.close();
        }

        const [one, two] = await Promise.all([
          openServices(testConfig(database.url, { SECRETS_KEY: key })),
          openServices(testConfig(database.url, { SECRETS_KEY: key })),
        ]);
        await one.store.close();
        await two.store.close();
        const rows = await storedKeys(database, key);
        assert.equal(rows.length, 1);
        assert.ok(!rows[0]!.private_jwk.includes('"d"'));

        const again = await startTestApp(database, { env: { SECRETS_KEY: key } });
        try {
          assert.equal((await me(again.app, token)).statusCode, 200, 'the token minted with the clear key still verifies');
        } finally {
          await again.close();
        }
      } finally {
        await database.drop();
      }
    });

    test('another SECRETS_KEY stops the start with a message naming it, and no key is made', async () => {
      const database = await dialect.create();
      const key = newKey();
      try {
        const first = await startTestApp(database, { env: { SECRETS_KEY: key } });
        try {
          await signedInUser(first.app, 'owner@example.com');
        } finally {
          await first.close();
        }
        await assert.rejects(openServices(testConfig(database.url, { SECRETS_KEY: newKey() })), /SECRETS_KEY/);
        const served = await serveUntilItStops(database.url, newKey());
        assert.equal(served.code, 1, 'sesame serve stops');
        assert.match(served.stderr, /does not open with this secrets key: start with the SECRETS_KEY/);
        assert.equal((await storedKeys(database, key)).length, 1, 'no new signing key was generated');
      } finally {
        await database.drop();
      }
    });
  });
}
