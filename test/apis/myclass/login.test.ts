// Seed 000 §7 on SQLite and PostgreSQL: login and its token, valid while used at
// least once every 30 minutes ("date_time_dernière_activité"), within an absolute
// lifetime. Time moves with an injected clock, never by sleeping.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { activateInStore, addAccount, call, failure, loggedIn, login, PWD } from '../../helpers/myclass-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

const MINUTE = 60;

for (const dialect of dialects) {
  describe(`myclass login on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    const get = (email: string, token: string) => call(t.app, 'get_user_account', { email, token });

    test('the right Email and Pwd → status true and the session token as message', async () => {
      await addAccount(t.app, 'in@example.com');
      await activateInStore(t.store, 'in@example.com');
      const res = await call(t.app, 'login', { Email: 'in@example.com', Pwd: PWD });
      assert.equal(res.statusCode, 200);
      assert.equal(res.answer.status, true);
      assert.match(String(res.answer.message), /^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal((await get('in@example.com', String(res.answer.message))).answer.status, true);
    });

    test('accepted as a form body and a query string, names in any case', async () => {
      for (const as of ['form', 'query'] as const) {
        const res = await call(t.app, 'login/', { email: 'IN@example.com', pwd: PWD }, { as });
        assert.equal(res.answer.status, true, res.body);
      }
    });

    test('a password or token sent in the query string never reaches the log', async () => {
      const token = await login(t.app, 'in@example.com');
      await call(t.app, 'login', { Email: 'in@example.com', Pwd: PWD }, { as: 'query' });
      await call(t.app, 'get_user_account', { email: 'in@example.com', token }, { as: 'query' });
      const logs = t.logs.join('');
      assert.ok(logs.includes('Pwd=…'), 'the request is logged, its password masked');
      for (const spelled of [PWD, encodeURIComponent(PWD), PWD.replaceAll(' ', '+')]) {
        assert.ok(!logs.includes(spelled), 'no password in the log');
      }
      assert.ok(!logs.includes(token.split('.')[1]!), 'no token secret in the log');
    });

    test('an account not activated yet is refused, saying so only to whoever knows the password', async () => {
      await addAccount(t.app, 'inactive@example.com');
      assert.match(failure(await call(t.app, 'login', { Email: 'inactive@example.com', Pwd: PWD })), /Compte non activé/);
      const wrong = failure(await call(t.app, 'login', { Email: 'inactive@example.com', Pwd: 'not the password!' }));
      assert.match(wrong, /Email ou mot de passe incorrect/);
      const user = await t.store.users.findByEmail('inactive@example.com');
      assert.equal((await t.store.sessions.listActiveForUser(user!.id, clock.now())).length, 0, 'no session started');
    });

    test('a wrong password and an unknown email give the same answer', async () => {
      const wrong = await call(t.app, 'login', { Email: 'in@example.com', Pwd: 'not the password!' });
      const unknown = await call(t.app, 'login', { Email: 'nobody@example.com', Pwd: PWD });
      assert.equal(failure(wrong), failure(unknown));
    });

    test('missing Email or Pwd → status false naming them', async () => {
      assert.match(failure(await call(t.app, 'login', {})), /Email est obligatoire ; Pwd est obligatoire/);
      assert.match(failure(await call(t.app, 'login', { Email: 'in@example.com' })), /Pwd est obligatoire/);
    });

    test('used at minute 29, the token lives on: each use moves its last activity', async () => {
      const token = await loggedIn(t.app, t.store, 'slide@example.com');
      clock.advance(29 * MINUTE);
      assert.equal((await get('slide@example.com', token)).answer.status, true, 'minute 29');
      clock.advance(29 * MINUTE);
      assert.equal((await get('slide@example.com', token)).answer.status, true, 'minute 58: 29 after the last use');
      clock.advance(29 * MINUTE);
      assert.equal((await get('slide@example.com', token)).answer.status, true, 'minute 87');
    });

    test('idle 31 minutes, the token is refused and nothing is changed with it; a new login works', async () => {
      const token = await loggedIn(t.app, t.store, 'idle@example.com');
      clock.advance(10 * MINUTE);
      assert.equal((await get('idle@example.com', token)).answer.status, true);
      clock.advance(31 * MINUTE);
      const update = await call(t.app, 'update_user_account', { email: 'idle@example.com', token, adr_city: 'Nice' });
      assert.match(failure(update), /Token expiré/);
      assert.equal((await t.store.users.findByEmail('idle@example.com'))?.address.city, null);
      const fresh = await login(t.app, 'idle@example.com');
      assert.equal((await get('idle@example.com', fresh)).answer.status, true);
    });

    test('exactly 30 minutes without use is too long', async () => {
      const token = await loggedIn(t.app, t.store, 'thirty@example.com');
      clock.advance(30 * MINUTE);
      assert.match(failure(await get('thirty@example.com', token)), /Token expiré/);
    });

    test('a malformed or tampered token is refused', async () => {
      const token = await loggedIn(t.app, t.store, 'tamper@example.com');
      assert.match(failure(await get('tamper@example.com', 'garbage')), /Token invalide/);
      const [id, secret] = token.split('.') as [string, string];
      const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      assert.match(failure(await get('tamper@example.com', flipped)), /Token invalide/);
    });
  });

  describe(`myclass token absolute lifetime on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { MYCLASS_TOKEN_MAX_LIFETIME: '3600' } });

    test('however often it is used, the token ends at its absolute lifetime', async () => {
      const token = await loggedIn(t.app, t.store, 'abs@example.com');
      for (let minute = 20; minute < 60; minute += 20) {
        clock.advance(20 * MINUTE);
        assert.equal((await call(t.app, 'get_user_account', { email: 'abs@example.com', token })).answer.status, true);
      }
      clock.advance(20 * MINUTE);
      assert.match(failure(await call(t.app, 'get_user_account', { email: 'abs@example.com', token })), /Token expiré/);
    });
  });
}
