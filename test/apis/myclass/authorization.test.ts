// Seed 000's "mode connecté" on SQLite and PostgreSQL: the email and token must go
// together. A user acts only on their own account, goals and profiles; an admin
// on anyone's; a refused call changes nothing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, failure, loggedIn, login, PWD } from '../../helpers/myclass-client.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

const A = 'alice@example.com';
const B = 'bob@example.com';
const ADMIN = 'admin@example.com';

for (const dialect of dialects) {
  describe(`myclass authorization on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    let alice = '';
    let bob = '';

    test("Bob's token with Alice's email is refused on every endpoint, and nothing changes", async () => {
      alice = await loggedIn(t.app, t.store, A);
      bob = await loggedIn(t.app, t.store, B);
      await call(t.app, 'add_update_user_objectif', { email_user: A, token: alice, name: 'Mine', date_souhaite: '2027-01-01' });
      await call(t.app, 'add_update_user_profil', { email_user: A, token: alice, nom_profil: 'Mine' });
      const attempts: [string, Record<string, unknown>][] = [
        ['get_user_account', { email: A }],
        ['update_user_account', { email: A, adr_city: 'Pirate' }],
        ['add_update_user_objectif', { email_user: A, name: 'Mine', date_souhaite: '2030-01-01' }],
        ['get_user_objectif', { email_user: A }],
        ['add_update_user_profil', { email_user: A, nom_profil: 'Mine', pays: 'Pirate' }],
        ['get_user_profil', { email_user: A }],
      ];
      for (const [endpoint, params] of attempts) {
        const res = await call(t.app, endpoint, { ...params, token: bob });
        assert.match(failure(res), /Ce token ne permet pas d'agir sur ce compte/, endpoint);
      }
      const user = await t.store.users.findByEmail(A);
      assert.equal(user?.address.city, null);
      assert.equal((await t.domains.myclass.goals.list(user!.id))[0]?.desiredDate, '2027-01-01');
      assert.equal((await t.domains.myclass.profiles.list(user!.id))[0]?.country, null);
    });

    test("a foreign email that does not exist is refused the same way (no account enumeration)", async () => {
      const res = await call(t.app, 'get_user_account', { email: 'ghost@example.com', token: bob });
      assert.match(failure(res), /Ce token ne permet pas/);
    });

    test("an admin acts on anyone's account, goals and profiles", async () => {
      await t.core.accounts.createOrPromoteAdmin(ADMIN, PWD);
      const admin = await login(t.app, ADMIN);
      const account = await call(t.app, 'get_user_account', { email: A, token: admin });
      assert.equal((account.answer.message as { email: string }).email, A);
      assert.equal((await call(t.app, 'update_user_account', { email: A, token: admin, adr_city: 'Metz' })).answer.status, true);
      assert.equal((await t.store.users.findByEmail(A))?.address.city, 'Metz');
      const goal = await call(t.app, 'add_update_user_objectif', { email_user: A, token: admin, name: 'Set by admin', date_souhaite: '2028-01-01' });
      assert.equal(goal.answer.status, true);
      const goals = await call(t.app, 'get_user_objectif', { email_user: A, token: admin });
      assert.deepEqual((goals.answer.message as { name: string; email_user: string }[]).map((g) => [g.name, g.email_user]), [
        ['Mine', A],
        ['Set by admin', A],
      ]);
      assert.equal((await call(t.app, 'get_user_profil', { email_user: A, token: admin })).answer.status, true);
      assert.match(failure(await call(t.app, 'get_user_account', { email: 'ghost@example.com', token: admin })), /Aucun compte avec cet email/);
    });

    test('a moderator is not an admin here', async () => {
      const mod = await loggedIn(t.app, t.store, 'mod@example.com');
      const user = await t.store.users.findByEmail('mod@example.com');
      await t.store.users.update(user!.id, { role: 'MODERATOR' }, clock.now());
      assert.match(failure(await call(t.app, 'get_user_account', { email: A, token: mod })), /Ce token ne permet pas/);
    });

    test("another API's session token or access token is not a myclass token", async () => {
      const user = await t.store.users.findByEmail(A);
      const other = await t.core.sessions.start(user!, { api: 'crdm', ip: null, userAgent: null }, { withToken: true });
      assert.match(failure(await call(t.app, 'get_user_account', { email: A, token: other.token! })), /Token invalide/);
      const grant = await passwordGrant(t.app, A, PWD);
      const access = grant.json<{ access_token: string }>().access_token;
      assert.match(failure(await call(t.app, 'get_user_account', { email: A, token: access })), /Token invalide/);
    });

    test('a deleted account loses its token at once', async () => {
      const carol = await loggedIn(t.app, t.store, 'carol@example.com');
      const user = await t.store.users.findByEmail('carol@example.com');
      await t.core.accounts.softDelete(user!.id, null, null);
      assert.match(failure(await call(t.app, 'get_user_account', { email: 'carol@example.com', token: carol })), /Token/);
      assert.match(failure(await call(t.app, 'login', { Email: 'carol@example.com', Pwd: PWD })), /incorrect/);
    });

    test('a Bearer header and a token parameter: the parameter is the one checked', async () => {
      const res = await call(t.app, 'get_user_account', { email: A, token: alice }, { headers: { authorization: `Bearer ${bob}` } });
      assert.equal(res.answer.status, true);
    });
  });
}
