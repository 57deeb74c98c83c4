// A retired signing key stays published as long as the longest token it may have
// signed (coinduchef's 30 minutes, beyond the native 15), and that period comes from
// settings: a process started after the key retired accepts those tokens too.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { signedIn } from '../../helpers/coinduchef-client.js';
import { dialects } from '../../helpers/databases.js';
import { signedInUser } from '../../helpers/native-client.js';
import { TestClock, startTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`signing-key grace period on ${dialect.name}`, () => {
    test('a 30-minute coinduchef token signed by a key retired since is accepted 20 minutes on by a process started after the rotation', async () => {
      const database = await dialect.create();
      const clock = new TestClock();
      let token: string;
      const first = await startTestApp(database, { clock });
      try {
        await signedInUser(first.app, 'first@example.com'); // makes the first key
        clock.advance(first.config.tokens.signingKeyRotationDays * 86_400 - 300);
        ({ token } = await signedIn(first.app, 'chef@example.com')); // 30 minutes, the old key
        clock.advance(360);
        const fresh = await signedInUser(first.app, 'after@example.com'); // rotates
        assert.notEqual(decodeProtectedHeader(fresh.access_token).kid, decodeProtectedHeader(token).kid, 'the key rotated');
      } finally {
        await first.close();
      }

      const second = await startTestApp(database, { clock });
      try {
        const usersMe = () =>
          second.app.inject({ method: 'GET', url: '/coinduchef-auth/users/me/', headers: { authorization: `Bearer ${token}` } });
        clock.advance(20 * 60);
        assert.equal((await usersMe()).statusCode, 200, 'the retired key is still published 20 minutes after it retired');
        clock.advance(5 * 60);
        assert.notEqual((await usersMe()).statusCode, 200, 'and the token ends at its own expiry');
      } finally {
        await second.close();
        await database.drop();
      }
    });
  });
}
