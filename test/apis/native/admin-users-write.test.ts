// Changing accounts through the administration, on SQLite and PostgreSQL: creation
// of invited accounts, updates of profile, role, email and verification, soft
// deletion that ends sessions and sign-in, restore, and the audit trail of it all.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { PASSWORD, me, passwordGrant, refreshGrant } from '../../helpers/native-client.js';
import { useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`native administration writes on ${dialect.name}`, () => {
    let admin: Actor;
    const t = useTestApp(dialect);

    before(async () => {
      admin = await signedInAs(t, 'ADMIN', 'write-admin@example.com');
    });

    const as = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      call(t.app, method, url, admin.access_token, payload);

    test('POST /v1/users: 201, an invited account that no password opens', async () => {
      const response = await as('POST', '/v1/users', {
        email: ' New.Hire@Example.com ',
        role: 'moderator',
        first_name: 'Nour',
        address: { city: 'Lyon' },
        locale: 'fr',
      });
      assert.equal(response.statusCode, 201, response.body);
      const { user } = response.json();
      assert.equal(user.email, 'New.Hire@Example.com');
      assert.equal(user.role, 'moderator');
      assert.equal(user.level, 2);
      assert.equal(user.first_name, 'Nour');
      assert.equal(user.address.city, 'Lyon');
      assert.equal(user.locale, 'fr');
      assert.equal(user.email_verified, false);
      assert.equal(user.deleted_at, null);
      assert.equal('password' in user, false);
      for (const password of [PASSWORD, '', 'new.hire@example.com']) {
        assert.equal((await passwordGrant(t.app, 'new.hire@example.com', password)).statusCode, 400);
      }
      const event = (await t.store.audit.listForUser(user.id, 20)).find((e) => e.action === 'user.created');
      assert.equal(event?.actorUserId, admin.id);
      assert.equal(event?.ip, '127.0.0.1');
    });

    test('POST /v1/users: taken email 409, bad email or a password field 400', async () => {
      await as('POST', '/v1/users', { email: 'taken@example.com' });
      const taken = await as('POST', '/v1/users', { email: 'TAKEN@example.com' });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().code, 'email_taken');
      const bad = await as('POST', '/v1/users', { email: 'not an email' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(Object.keys(bad.json().errors), ['email']);
      const withPassword = await as('POST', '/v1/users', { email: 'pw@example.com', password: PASSWORD });
      assert.equal(withPassword.statusCode, 400);
      assert.deepEqual(withPassword.json().errors, { password: ['is not a field that can be set here'] });
      assert.equal((await as('POST', '/v1/users', { email: 'r@example.com', role: 'root' })).statusCode, 400);
      assert.equal(await t.store.users.findByEmail('pw@example.com'), null);
    });

    test('PATCH /v1/users/{id}: profile, role, email and verification, each audited', async () => {
      const target = await signedInAs(t, 'USER', 'patch-me@example.com');
      await t.store.users.update(target.id, { emailVerifiedAt: new Date() }, new Date());
      const response = await as('PATCH', `/v1/users/${target.id}`, {
        last_name: 'Durand',
        social: { twitter: '@durand' },
        role: 'moderator',
        email: 'patched@example.com',
      });
      assert.equal(response.statusCode, 200, response.body);
      const user = response.json();
      assert.equal(user.last_name, 'Durand');
      assert.equal(user.social.twitter, '@durand');
      assert.equal(user.role, 'moderator');
      assert.equal(user.email, 'patched@example.com');
      assert.equal(user.email_verified, false, 'a new address is not verified');

      // The new role counts at once, on the token the target already holds.
      assert.equal((await call(t.app, 'GET', '/v1/users', target.access_token)).statusCode, 200);
      assert.equal((await passwordGrant(t.app, 'patched@example.com')).statusCode, 200);

      const verified = await as('PATCH', `/v1/users/${target.id}`, { email_verified: true });
      assert.equal(verified.json().email_verified, true);

      const actions = (await t.store.audit.listForUser(target.id, 20)).map((e) => e.action);
      for (const action of ['user.updated', 'user.role_changed', 'user.email_changed', 'user.email_verified']) {
        assert.ok(actions.includes(action), action);
      }
    });

    test('PATCH /v1/users/{id}: 409 taken email, 400 bad fields or id, 404 unknown or deleted', async () => {
      const target = await signedInAs(t, 'USER', 'patch-errors@example.com');
      const taken = await as('PATCH', `/v1/users/${target.id}`, { email: 'WRITE-ADMIN@example.com' });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().code, 'email_taken');
      for (const body of [{ id: 5 }, { password: 'x' }, { role: 'root' }, { email: 'nope' }, { birthdate: '2999-01-01' }]) {
        const response = await as('PATCH', `/v1/users/${target.id}`, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.json().code, 'validation_failed');
      }
      assert.equal((await as('PATCH', '/v1/users/abc', { title: 'x' })).statusCode, 400);
      const unknown = await as('PATCH', '/v1/users/999999', { title: 'x' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'not_found');
      await as('DELETE', `/v1/users/${target.id}`);
      assert.equal((await as('PATCH', `/v1/users/${target.id}`, { title: 'x' })).statusCode, 404);
      assert.equal((await t.store.users.findById(target.id))?.email, 'patch-errors@example.com');
    });

    test('DELETE /v1/users/{id}: sessions end, sign-in refused, hidden unless include_deleted', async () => {
      const target = await signedInAs(t, 'USER', 'delete-me@example.com');
      const response = await as('DELETE', `/v1/users/${target.id}`);
      assert.equal(response.statusCode, 204);
      assert.equal((await me(t.app, target.access_token)).statusCode, 401);
      assert.equal((await refreshGrant(t.app, target.refresh_token)).json().error, 'invalid_grant');
      assert.equal((await passwordGrant(t.app, 'delete-me@example.com')).statusCode, 400);
      const listed = await as('GET', '/v1/users?q=delete-me');
      assert.deepEqual(listed.json().items, []);
      const withDeleted = await as('GET', '/v1/users?q=delete-me&include_deleted=true');
      assert.equal(withDeleted.json().items.length, 1);
      assert.equal((await as('DELETE', `/v1/users/${target.id}`)).statusCode, 404, 'already deleted');
      assert.equal((await as('DELETE', '/v1/users/999999')).statusCode, 404);
    });

    test('POST /v1/users/{id}/restore: the account is back, and signs in again', async () => {
      const target = await signedInAs(t, 'USER', 'restore-me@example.com');
      await as('DELETE', `/v1/users/${target.id}`);
      const response = await as('POST', `/v1/users/${target.id}/restore`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().deleted_at, null);
      assert.equal(response.json().email, 'restore-me@example.com');
      assert.equal((await passwordGrant(t.app, 'restore-me@example.com')).statusCode, 200);
      assert.equal((await as('GET', '/v1/users?q=restore-me')).json().items.length, 1);
      assert.equal((await me(t.app, target.access_token)).statusCode, 401, 'old sessions stay ended');
      const again = await as('POST', `/v1/users/${target.id}/restore`);
      assert.equal(again.statusCode, 200, 'restoring a live account changes nothing');
      assert.equal((await as('POST', '/v1/users/999999/restore')).statusCode, 404);
    });

    test('GET /v1/users/{id}/events: who did what, when, from where, newest first', async () => {
      const target = await signedInAs(t, 'USER', 'events-me@example.com');
      await as('PATCH', `/v1/users/${target.id}`, { role: 'moderator' });
      await as('DELETE', `/v1/users/${target.id}`);
      await as('POST', `/v1/users/${target.id}/restore`);
      const response = await as('GET', `/v1/users/${target.id}/events`);
      assert.equal(response.statusCode, 200);
      const items = response.json().items as { action: string; actor_user_id: number; ip: string; at: string; details: object }[];
      assert.deepEqual(items.slice(0, 4).map((e) => e.action), ['user.restored', 'user.deleted', 'user.role_changed', 'user.updated']);
      for (const event of items.slice(0, 4)) {
        assert.equal(event.actor_user_id, admin.id);
        assert.equal(event.ip, '127.0.0.1');
        assert.ok(!Number.isNaN(Date.parse(event.at)));
      }
      assert.deepEqual(items[2]!.details, { role: 'MODERATOR', previous_role: 'USER' });
      assert.ok(items.some((e) => e.action === 'user.signed_in'));
      assert.equal((await as('GET', `/v1/users/${target.id}/events?limit=2`)).json().items.length, 2);
      assert.equal((await as('GET', `/v1/users/${target.id}/events?limit=0`)).statusCode, 400);
      assert.equal((await as('GET', '/v1/users/999999/events')).statusCode, 404);
    });
  });

  describe(`native administration: the last admin on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    const adminCount = async () => t.store.users.countActiveAdmins();

    test('the only admin can neither demote nor delete themself: 409 last_admin (403 through the admin route)', async () => {
      const only = await signedInAs(t, 'ADMIN', 'only-admin@example.com');
      const demote = await call(t.app, 'PATCH', `/v1/users/${only.id}`, only.access_token, { role: 'user' });
      assert.equal(demote.statusCode, 409);
      assert.equal(demote.json().code, 'last_admin');
      // One's own id through the administration route is refused before the last-admin rule: it asks no password.
      const remove = await call(t.app, 'DELETE', `/v1/users/${only.id}`, only.access_token);
      assert.equal(remove.statusCode, 403);
      assert.equal(remove.json().code, 'forbidden');
      const selfDelete = await t.app.inject({
        method: 'DELETE',
        url: '/v1/me',
        headers: { authorization: `Bearer ${only.access_token}` },
        payload: { password: PASSWORD },
      });
      assert.equal(selfDelete.statusCode, 409);
      assert.equal(await adminCount(), 1);
      const rename = await call(t.app, 'PATCH', `/v1/users/${only.id}`, only.access_token, { first_name: 'Still', role: 'admin' });
      assert.equal(rename.statusCode, 200, 'keeping the admin role is fine');
    });

    /** Makes exactly two active admins and returns them (everyone else demoted). */
    async function twoAdmins(tag: string): Promise<[Actor, Actor]> {
      const a = await signedInAs(t, 'ADMIN', `race-${tag}-a@example.com`);
      const b = await signedInAs(t, 'ADMIN', `race-${tag}-b@example.com`);
      const others = await t.store.users.list({ role: 'ADMIN', includeDeleted: false, limit: 100 });
      for (const user of others) {
        if (user.id !== a.id && user.id !== b.id) await t.store.users.update(user.id, { role: 'USER' }, new Date());
      }
      assert.equal(await adminCount(), 2);
      return [a, b];
    }

    test('two admins demoting each other over HTTP at once: one wins, one admin is left', async () => {
      const [a, b] = await twoAdmins('http-demote');
      const results = await Promise.all([
        call(t.app, 'PATCH', `/v1/users/${b.id}`, a.access_token, { role: 'user' }),
        call(t.app, 'PATCH', `/v1/users/${a.id}`, b.access_token, { role: 'moderator' }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      // The loser is refused either as no longer an admin (403) or as the last one (409).
      assert.equal(codes[0], 200);
      assert.ok([403, 409].includes(codes[1]!), String(codes));
      assert.equal(await adminCount(), 1);
    });

    test('two admins deleting each other over HTTP at once: one wins, one admin is left', async () => {
      const [c, d] = await twoAdmins('http-delete');
      const results = await Promise.all([
        call(t.app, 'DELETE', `/v1/users/${d.id}`, c.access_token),
        call(t.app, 'DELETE', `/v1/users/${c.id}`, d.access_token),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      assert.equal(codes[0], 204);
      assert.ok([401, 409].includes(codes[1]!), String(codes));
      assert.equal(await adminCount(), 1);
    });

    test('both past the role check, then racing in the database: the lock lets exactly one through', async () => {
      const context = { api: 'test', ip: null, userAgent: null };
      for (let round = 0; round < 5; round++) {
        const [a, b] = await twoAdmins(`core-${round}`);
        const actorA = (await t.store.users.findById(a.id))!;
        const actorB = (await t.store.users.findById(b.id))!;
        const results = await Promise.allSettled(
          round % 2
            ? [t.core.users.delete(actorA, b.id, context), t.core.users.delete(actorB, a.id, context)]
            : [
                t.core.users.update(actorA, b.id, { role: 'USER' }, context),
                t.core.users.update(actorB, a.id, { role: 'MODERATOR' }, context),
              ],
        );
        const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        assert.equal(refused.length, 1, `round ${round}`);
        assert.equal((refused[0]!.reason as { code?: string }).code, 'last_admin');
        assert.equal(await adminCount(), 1);
      }
    });
  });
}
