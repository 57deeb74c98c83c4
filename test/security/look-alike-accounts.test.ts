// Compatibility look-alikes are the same account: after `admin@example.com` and the
// username `admin1`, the full-width `ａdmin@example.com` / `ａdmin1` are "already
// taken" in every API, and signing in with the look-alike reaches the one account.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as coinduchef from '../helpers/coinduchef-client.js';
import { Spa } from '../helpers/crdm-client.js';
import { createAdmin, CRDM_PASSWORD } from '../helpers/crdm-fixtures.js';
import { dialects } from '../helpers/databases.js';
import * as myclass from '../helpers/myclass-client.js';
import { passwordGrant, signUp } from '../helpers/native-client.js';
import * as userapi from '../helpers/userapi-client.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`look-alike emails and usernames on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    let userId: number;
    before(async () => {
      const first = await userapi.register(t.app, userapi.registration({ email: 'admin@example.com', username: 'admin1' }));
      assert.equal(first.statusCode, 200, first.body);
      userId = (await t.store.users.findByEmail('admin@example.com'))!.id;
    });

    test('native sign-up: full-width and mixed-width spellings of a taken email → 409 email_taken', async () => {
      for (const email of ['ａdmin@example.com', 'ＡＤＭＩＮ@ＥＸＡＭＰＬＥ.ＣＯＭ', 'admin@exam\u{FF50}le.com']) {
        const res = await signUp(t.app, email);
        assert.equal(res.statusCode, 409, email);
        assert.equal(res.json().code, 'email_taken');
      }
    });

    test('userapi register: a full-width username or email is taken, and nothing is written', async () => {
      const username = await userapi.register(t.app, userapi.registration({ username: 'ａdmin1' }));
      const email = await userapi.register(t.app, userapi.registration({ email: 'ａdmin@example.com' }));
      for (const res of [username, email]) assert.notEqual(res.statusCode, 200, res.body);
      assert.match(userapi.json(username).message as string, /username/i);
      assert.match(userapi.json(email).message as string, /email/i);
      const count = await t.store.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    test('coinduchef, myclass and crdm answer "taken" for the full-width email', async () => {
      const cdc = await coinduchef.register(t.app, coinduchef.person('ａdmin@example.com'));
      assert.equal(cdc.statusCode, 400);
      assert.match(JSON.stringify(cdc.json()), /courriel/);

      const mc = await myclass.addAccount(t.app, 'ａdmin@example.com');
      assert.equal(mc.answer.status, false);
      const reference = await myclass.addAccount(t.app, 'admin@example.com');
      assert.deepEqual(mc.answer, reference.answer, 'the same answer as for the address itself');

      await createAdmin(t);
      const crdm = new Spa(t.app);
      await crdm.signIn('admin@crdm.test', CRDM_PASSWORD);
      const res = await crdm.request('POST', '/api/user', { name: 'Durand', first_name: 'Léa', title: 'Mme', phone_number: '+33600000000', email: 'ａdmin@example.com' });
      assert.equal(res.statusCode, 422);
      assert.ok(res.json().errors.email, res.body);
    });

    test('signing in with the full-width spelling reaches the one account', async () => {
      const token = await passwordGrant(t.app, 'ａdmin@ｅxample.com', userapi.PASSWORD);
      assert.equal(token.statusCode, 200, token.body);
      const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token.json().access_token}` } });
      assert.equal(me.json().id, userId);
    });
  });
}
