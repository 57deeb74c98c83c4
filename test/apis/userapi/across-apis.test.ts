// One account whichever API: a user registered on the userapi confirms through the
// mailed link and signs in on the native /v1/token and on myclass, with one id;
// the secrets of its query strings never reach the log. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { pathOf } from '../../helpers/mail-links.js';
import { call as myclass, login as myclassLogin } from '../../helpers/myclass-client.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { useMailTestApp } from '../../helpers/test-app.js';
import { call, login, PASSWORD, register, registration, withToken } from '../../helpers/userapi-client.js';

for (const dialect of dialects) {
  describe(`userapi accounts across APIs on ${dialect.name}`, () => {
    const t = useMailTestApp(dialect);

    test('registered here, confirmed by mail: the same id on /v1/me and in myclass', async () => {
      const data = registration({ email: 'everywhere@example.com' });
      assert.deepEqual((await register(t.app, data)).json(), { success: true, message: 'ok' });
      const mail = await t.smtp.waitFor(data.email);
      assert.equal((await t.app.inject({ method: 'GET', url: pathOf(mail) })).statusCode, 200);
      const here = (await login(t.app, data.email)).json();
      assert.equal(here.has_conf, 1);

      const native = await passwordGrant(t.app, data.email, PASSWORD);
      assert.equal(native.statusCode, 200);
      const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${native.json().access_token}` } });
      assert.equal(me.json().id, here.id);
      assert.equal(me.json().email_verified, true);

      const token = await myclassLogin(t.app, data.email, PASSWORD);
      const account = await myclass(t.app, 'get_user_account/', { email: data.email, token });
      assert.equal(account.answer.status, true, account.body);
      assert.equal((account.answer.message as { id: number }).id, here.id);
    });

    test('a password, a data object or a token in the query string never reaches the log', async () => {
      const data = registration({ email: 'quiet@example.com', password: 'a secret nobody logs 42' });
      await register(t.app, data);
      const logged = (await call(t.app, '/login', { query: { email: data.email, pass: data.password } })).json();
      await call(t.app, '/getuser', { query: { token: logged.token } });
      await call(t.app, '/regen_token', { query: { token: logged.refresh } });
      await call(t.app, '/getuser', { headers: withToken(logged.token) });
      const logs = t.logs.join('\n');
      assert.match(logs, /\/userapi\/login/, 'the requests were logged');
      for (const secret of [data.password, encodeURIComponent(data.password), logged.token, logged.refresh]) {
        assert.equal(logs.includes(secret), false, `the log shows ${secret.slice(0, 12)}…`);
      }
      assert.doesNotMatch(logs, /secret%20nobody|secret\+nobody/);
    });
  });
}
