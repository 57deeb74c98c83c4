// Two-step verification seen from the legacy APIs, for a user with TOTP on:
// crdm asks for the second step the Laravel Fortify way ({"two_factor": true},
// then /two-factor-challenge); myclass, userapi and coinduchef, which have no
// second step, refuse in their own credential-error shape saying where to sign in,
// unless LEGACY_MFA=allow — on both databases, with real TOTP codes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { token as coinduchefToken } from '../helpers/coinduchef-client.js';
import { Spa } from '../helpers/crdm-client.js';
import { dialects } from '../helpers/databases.js';
import { enableTotp, totpCode } from '../helpers/mfa.js';
import { activateInStore, call as myclassCall } from '../helpers/myclass-client.js';
import { PASSWORD, signUp } from '../helpers/native-client.js';
import { TestClock, useTestApp, type TestApp } from '../helpers/test-app.js';
import { login as userapiLogin } from '../helpers/userapi-client.js';

async function totpUser(t: TestApp, clock: TestClock, email: string, locale = 'en') {
  const signup = await signUp(t.app, email, PASSWORD, { locale });
  assert.equal(signup.statusCode, 201);
  await activateInStore(t.store, email);
  const signIn = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: email, password: PASSWORD } });
  const enrolled = await enableTotp(t.app, signIn.json().access_token, clock.now());
  clock.advance(30);
  return enrolled;
}

for (const dialect of dialects) {
  describe(`legacy APIs and two-step verification on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    test('myclass refuses in its own shape, saying two-step verification is on and where to sign in', async () => {
      await totpUser(t, clock, 'mc@example.com');
      const res = await myclassCall(t.app, 'login', { Email: 'mc@example.com', Pwd: PASSWORD });
      assert.equal(res.statusCode, 200);
      assert.equal(res.answer.status, false);
      assert.match(String(res.answer.message), /validation en deux étapes est activée/);
      assert.match(String(res.answer.message), /http:\/\/localhost:3000/);
      const wrong = await myclassCall(t.app, 'login', { Email: 'mc@example.com', Pwd: 'not the password' });
      assert.equal(wrong.answer.message, 'Email ou mot de passe incorrect.', 'a wrong password says nothing of MFA');
    });

    test('userapi refuses with 401 {"success": false, "message"} naming the second step', async () => {
      await totpUser(t, clock, 'ua@example.com');
      const res = await userapiLogin(t.app, 'ua@example.com', PASSWORD);
      assert.equal(res.statusCode, 401);
      const body = res.json();
      assert.equal(body.success, false);
      assert.match(body.message, /Two-step verification is on.*Sign in at http:\/\/localhost:3000/);
      assert.equal(body.token, undefined);
    });

    test('coinduchef refuses with 401 {"detail"} as for bad credentials, saying why', async () => {
      await totpUser(t, clock, 'cdc@example.com');
      const res = await coinduchefToken(t.app, 'cdc@example.com', PASSWORD);
      assert.equal(res.statusCode, 401);
      assert.deepEqual(Object.keys(res.json()), ['detail']);
      assert.match(res.json().detail, /validation en deux étapes est activée.*http:\/\/localhost:3000/);
      assert.equal(res.headers['www-authenticate'], 'Bearer');
    });

    test('crdm: /login answers {"two_factor": true} and no session; a wrong code is 422 in the user\'s language; the right one signs in', async () => {
      const { secret } = await totpUser(t, clock, 'crdm@example.com', 'fr');
      const notices = await t.store.outbox.list({ to: 'crdm@example.com', limit: 10 });
      assert.ok(notices.some((mail) => /La validation en deux étapes est activée/.test(mail.subject)), 'the notice is in the user\'s language');
      const spa = new Spa(t.app);
      await spa.csrf();
      const login = await spa.request('POST', '/login', { email: 'crdm@example.com', password: PASSWORD, remember: false });
      assert.equal(login.statusCode, 200);
      assert.deepEqual(login.json(), { two_factor: true });
      assert.equal(spa.sessionCookie(), undefined);
      assert.equal((await spa.request('GET', '/api/user')).statusCode, 401);

      const forged = await spa.request('POST', '/two-factor-challenge', { code: '000000' }, { withoutXsrf: true });
      assert.equal(forged.statusCode, 419);

      const right = totpCode(secret, clock.now());
      const wrong = await spa.request('POST', '/two-factor-challenge', { code: right === '123456' ? '654321' : '123456' });
      assert.equal(wrong.statusCode, 422);
      assert.deepEqual(wrong.json(), {
        message: 'Les données fournies sont invalides.',
        errors: { code: ["Le code d'authentification à deux facteurs fourni est invalide."] },
      });

      const ok = await spa.request('POST', '/two-factor-challenge', { code: right });
      assert.equal(ok.statusCode, 204, ok.body);
      assert.ok(spa.sessionCookie());
      const user = await spa.request('GET', '/api/user');
      assert.equal(user.statusCode, 200);
      assert.equal(user.json()[0].email, 'crdm@example.com');

      // The pending login is spent: the same code, or any, cannot be used again.
      const again = await spa.request('POST', '/two-factor-challenge', { code: right });
      assert.equal(again.statusCode, 422);
    });

    test('crdm: a recovery code works once at /two-factor-challenge; wrong ones are 422 on recovery_code', async () => {
      const { recoveryCodes } = await totpUser(t, clock, 'crdm-rc@example.com', 'en');
      const spa = new Spa(t.app);
      await spa.csrf();
      assert.deepEqual((await spa.request('POST', '/login', { email: 'crdm-rc@example.com', password: PASSWORD, remember: true })).json(), { two_factor: true });
      const wrong = await spa.request('POST', '/two-factor-challenge', { recovery_code: 'aaaaa-bbbbb' });
      assert.equal(wrong.statusCode, 422);
      assert.deepEqual(wrong.json().errors, { recovery_code: ['The provided two factor recovery code was invalid.'] });
      const ok = await spa.request('POST', '/two-factor-challenge', { recovery_code: recoveryCodes[0] });
      assert.equal(ok.statusCode, 204);
      assert.ok(spa.sessionCookie());

      const other = new Spa(t.app);
      await other.csrf();
      await other.request('POST', '/login', { email: 'crdm-rc@example.com', password: PASSWORD, remember: false });
      const reused = await other.request('POST', '/two-factor-challenge', { recovery_code: recoveryCodes[0] });
      assert.equal(reused.statusCode, 422);
    });

    test('crdm: a challenge without a pending login is 422; a user without TOTP logs in as before (204)', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const orphan = await spa.request('POST', '/two-factor-challenge', { code: '123456' });
      assert.equal(orphan.statusCode, 422);
      await signUp(t.app, 'plain-crdm@example.com', PASSWORD);
      await spa.signIn('plain-crdm@example.com', PASSWORD);
      assert.ok(spa.sessionCookie());
    });
  });

  describe(`LEGACY_MFA=allow on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { LEGACY_MFA: 'allow' } });

    test('the operator accepts the risk: myclass, userapi and coinduchef sign a TOTP user in with the password', async () => {
      await totpUser(t, clock, 'allowed@example.com');
      const mc = await myclassCall(t.app, 'login', { Email: 'allowed@example.com', Pwd: PASSWORD });
      assert.equal(mc.answer.status, true, mc.body);
      assert.equal((await userapiLogin(t.app, 'allowed@example.com', PASSWORD)).statusCode, 200);
      assert.equal((await coinduchefToken(t.app, 'allowed@example.com', PASSWORD)).statusCode, 200);
      // The APIs with a second step still ask for it.
      const native = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'allowed@example.com', password: PASSWORD } });
      assert.equal(native.statusCode, 403);
    });
  });
}
