// The provider signs with the keys in the database: after a rotation, made by this
// process or another one on the same database, both sign with the new keys, and the
// service's JWKS publishes old and new until the old ones' tokens are gone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { startTestApp, TestClock, type TestApp } from '../../helpers/test-app.js';

const kidsOf = async (t: TestApp, url: string) =>
  (await t.app.inject({ method: 'GET', url })).json<{ keys: { kid: string; alg: string }[] }>().keys;

for (const dialect of dialects) {
  describe(`OIDC signing keys on ${dialect.name}`, () => {
    let database: TestDatabase;
    let first: TestApp;
    let second: TestApp;
    const clock = new TestClock();

    before(async () => {
      database = await dialect.create();
      first = await startTestApp(database, { clock, env: { SIGNING_KEY_ROTATION_DAYS: '30' } });
      second = await startTestApp(database, { clock, env: { SIGNING_KEY_ROTATION_DAYS: '30' } });
    });
    after(async () => {
      await first?.close();
      await second?.close();
      await database?.drop();
    });

    test('a rotation made by one process is followed by the other; the JWKS keeps the old keys published', async () => {
      const before = await kidsOf(first, '/oidc/jwks');
      assert.deepEqual(before.map((k) => k.alg).sort(), ['ES256', 'EdDSA', 'RS256']);
      assert.deepEqual((await kidsOf(second, '/oidc/jwks')).map((k) => k.kid).sort(), before.map((k) => k.kid).sort(), 'one key set for both');

      clock.advance(31 * 86_400);
      const rotated = await kidsOf(first, '/oidc/jwks');
      const oldRsa = before.find((k) => k.alg === 'RS256')!.kid;
      const newRsa = rotated.find((k) => k.alg === 'RS256')!.kid;
      assert.notEqual(newRsa, oldRsa, 'the RSA key was rotated');
      assert.equal((await kidsOf(second, '/oidc/jwks')).find((k) => k.alg === 'RS256')!.kid, newRsa, 'the other process signs with it too');

      const published = (await kidsOf(second, '/.well-known/jwks.json')).map((k) => k.kid);
      assert.ok(published.includes(oldRsa) && published.includes(newRsa), 'old and new published');
    });
  });
}
