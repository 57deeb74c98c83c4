// userapi contract, part one: /register and /login as the seed document shows
// them, their error cases, on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { call, login, PASSWORD, register, registration } from '../../helpers/userapi-client.js';

for (const dialect of dialects) {
  describe(`userapi register and login on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { clock: new TestClock() });
    const countUsers = async () => (await t.store.users.list({ includeDeleted: true, limit: 1000 })).length;

    describe('POST /register', () => {
      test('the documented request, data={json} in the query, creates the account: {"success":true,"message":"ok"}', async () => {
        const data = registration({ username: 'xxx_DarkmasterPGM72_xxx', email: 'jphilippe.alle@free.fr' });
        const res = await register(t.app, data);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json(), { success: true, message: 'ok' });
        const user = await t.store.users.findByEmail('jphilippe.alle@free.fr');
        assert.equal(user?.username, 'xxx_DarkmasterPGM72_xxx');
        assert.equal(user?.firstName, 'Michel');
        assert.equal(user?.lastName, 'Dupont');
        assert.equal(user?.birthdate, '1995-08-13');
        assert.equal(user?.role, 'USER');
        assert.equal(user?.emailVerifiedAt, null);
      });

      test('the same data as a JSON body, as a JSON string in a JSON body, or as a form field', async () => {
        const asBody = await call(t.app, '/register', { json: registration() });
        assert.deepEqual(asBody.json(), { success: true, message: 'ok' });
        const asJsonData = await call(t.app, '/register', { json: { data: JSON.stringify(registration()) } });
        assert.deepEqual(asJsonData.json(), { success: true, message: 'ok' });
        const asForm = await call(t.app, '/register', { form: { data: JSON.stringify(registration()) } });
        assert.deepEqual(asForm.json(), { success: true, message: 'ok' });
      });

      test('a taken email (any case) or username (any case) → 409 success:false, nothing written', async () => {
        const first = registration();
        await register(t.app, first);
        const before = await countUsers();
        const email = await register(t.app, registration({ email: first.email.toUpperCase() }));
        assert.equal(email.statusCode, 409);
        assert.deepEqual(email.json(), { success: false, message: 'This email is already used by another account.' });
        const username = await register(t.app, registration({ username: first.username.toUpperCase() }));
        assert.equal(username.statusCode, 409);
        assert.deepEqual(username.json(), { success: false, message: 'This username is already taken.' });
        assert.equal(await countUsers(), before);
      });

      test('malformed data, a missing field, a weak password, a bad date → 400 with a clear message, nothing written', async () => {
        const before = await countUsers();
        const cases: [Record<string, string> | undefined, object | undefined, RegExp][] = [
          [{ data: '{"username": "x", ' }, undefined, /^data is not valid JSON\.$/],
          [{ data: '[1, 2]' }, undefined, /^data must be a JSON object\.$/],
          [{ data: JSON.stringify({ ...registration(), nom: undefined, prenom: '' }) }, undefined, /^Missing or empty: nom, prenom\.$/],
          [{ data: JSON.stringify(registration({ password: '123' })) }, undefined, /^Password refused: shorter than 12 characters\.$/],
          [{ data: JSON.stringify(registration({ password: 'user@example.com', email: 'user@example.com' })) }, undefined, /^Password refused: the same as the email\.$/],
          [{ data: JSON.stringify(registration({ birthdate: '13/08/1995' })) }, undefined, /^birthdate must be a date written YYYY-MM-DD\.$/],
          [{ data: JSON.stringify(registration({ birthdate: '1995-02-30' })) }, undefined, /^birthdate must be a past date written YYYY-MM-DD\.$/],
          [{ data: JSON.stringify(registration({ birthdate: '2999-01-01' })) }, undefined, /^birthdate must be a past date/],
          [{ data: JSON.stringify(registration({ email: 'not-an-email' })) }, undefined, /^email must be a valid email address\.$/],
          [{ data: JSON.stringify(registration({ username: 'a b' })) }, undefined, /^username must be 2 to 64 letters/],
          [undefined, { ...registration(), email: 42 }, /^Missing or empty: email\.$/],
          [undefined, undefined, /^Missing or empty: nom, prenom, username, email, password, birthdate\.$/],
        ];
        for (const [query, json, message] of cases) {
          const res = await call(t.app, '/register', { ...(query ? { query } : {}), ...(json ? { json } : {}) });
          assert.equal(res.statusCode, 400, res.body);
          const body = res.json();
          assert.deepEqual(Object.keys(body), ['success', 'message']);
          assert.equal(body.success, false);
          assert.match(body.message, message);
        }
        assert.equal(await countUsers(), before);
      });

      test('a body that is not JSON at all → 400 in the same shape, never a 500', async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/userapi/register',
          headers: { 'content-type': 'application/json' },
          payload: '{"nom": ',
        });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json(), { success: false, message: 'The request could not be read.' });
      });

      test('two parallel registrations with one email make one account', async () => {
        const email = 'race@example.com';
        const results = await Promise.all([
          register(t.app, registration({ email })),
          register(t.app, registration({ email })),
        ]);
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
        assert.ok(await t.store.users.findByEmail(email));
      });
    });

    describe('POST /login', () => {
      const data = registration({ email: 'foo.bar@foobar.fr', username: 'Jean' });
      before(async () => {
        await register(t.app, data);
      });

      test('email & pass in the query → the documented fields with token and refresh, never the password', async () => {
        const res = await login(t.app, 'foo.bar@foobar.fr');
        assert.equal(res.statusCode, 200);
        const body = res.json();
        assert.deepEqual(Object.keys(body), [
          'id', 'username', 'nom', 'prenom', 'birthdate', 'email', 'level', 'has_conf', 'adding_time', 'token', 'refresh',
        ]);
        const user = await t.store.users.findByEmail('foo.bar@foobar.fr');
        assert.equal(body.id, user?.id);
        assert.equal(body.username, 'Jean');
        assert.equal(body.nom, 'Dupont');
        assert.equal(body.prenom, 'Michel');
        assert.equal(body.birthdate, '1995-08-13');
        assert.equal(body.email, 'foo.bar@foobar.fr');
        assert.equal(body.level, 1);
        assert.equal(body.has_conf, 0);
        assert.match(body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT, like the document');
        assert.equal(typeof body.refresh, 'string');
        assert.notEqual(body.refresh, body.token);
        assert.doesNotMatch(res.body, /password|argon2|correct horse/i);
        assert.equal(res.headers['cache-control'], 'no-store');
      });

      test('adding_time is the creation time in nanoseconds, written with all its digits', async () => {
        const res = await login(t.app, 'foo.bar@foobar.fr');
        const user = await t.store.users.findByEmail('foo.bar@foobar.fr');
        const nanos = (BigInt(user!.createdAt.getTime()) * 1_000_000n).toString();
        assert.equal(nanos.length, 19);
        assert.match(res.body, new RegExp(`"adding_time":${nanos}[,}]`));
      });

      test('`password` is accepted for `pass`, and the parameters may come as a form or JSON body', async () => {
        const viaPassword = await call(t.app, '/login', { query: { email: data.email, password: PASSWORD } });
        assert.equal(viaPassword.statusCode, 200);
        const viaForm = await call(t.app, '/login', { form: { email: data.email, pass: PASSWORD } });
        assert.equal(viaForm.statusCode, 200);
        const viaJson = await call(t.app, '/login', { json: { email: data.email, password: PASSWORD } });
        assert.equal(viaJson.statusCode, 200);
        const emptyJsonBody = await t.app.inject({
          method: 'POST',
          url: `/userapi/login?${new URLSearchParams({ email: data.email, pass: PASSWORD })}`,
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(emptyJsonBody.statusCode, 200, 'an empty JSON body is no body');
      });

      test('wrong password, unknown email, deleted account → the same 401 success:false', async () => {
        const deleted = registration();
        await register(t.app, deleted);
        const row = await t.store.users.findByEmail(deleted.email);
        await t.store.users.setDeleted(row!.id, new Date(), new Date());
        const expected = { success: false, message: 'Wrong email or password.' };
        for (const res of [
          await login(t.app, data.email, 'wrong password here'),
          await login(t.app, 'nobody@example.com'),
          await login(t.app, deleted.email),
        ]) {
          assert.equal(res.statusCode, 401);
          assert.deepEqual(res.json(), expected);
        }
      });

      test('missing email or pass → 400', async () => {
        const res = await call(t.app, '/login', { query: { email: data.email } });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json(), { success: false, message: 'email and pass are required.' });
      });

      test('the account registered here signs in on the native /v1/token with the same id', async () => {
        const here = (await login(t.app, data.email)).json();
        const native = await passwordGrant(t.app, data.email, PASSWORD);
        assert.equal(native.statusCode, 200);
        const me = await t.app.inject({
          method: 'GET',
          url: '/v1/me',
          headers: { authorization: `Bearer ${native.json().access_token}` },
        });
        assert.equal(me.json().id, here.id);
        assert.equal(me.json().first_name, 'Michel');
        assert.equal(me.json().last_name, 'Dupont');
      });
    });
  });
}
