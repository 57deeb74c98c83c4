// Who may use the administration, route by route, on SQLite and PostgreSQL:
// no token → 401; a user → 403 everywhere (even for ids that do not exist);
// a moderator reads (list, one user) and nothing else; an admin does everything.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { useTestApp } from '../../helpers/test-app.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  path: (id: number) => string;
  body?: () => object;
  moderator: number;
  admin: number;
}

let created = 0;
const routes: Route[] = [
  { method: 'GET', path: () => '/v1/users', moderator: 200, admin: 200 },
  { method: 'GET', path: () => '/v1/users?include_deleted=true', moderator: 403, admin: 200 },
  { method: 'GET', path: (id) => `/v1/users/${id}`, moderator: 200, admin: 200 },
  { method: 'GET', path: (id) => `/v1/users/${id}/events`, moderator: 403, admin: 200 },
  {
    method: 'POST',
    path: () => '/v1/users',
    body: () => ({ email: `roles-new-${++created}@example.com` }),
    moderator: 403,
    admin: 201,
  },
  { method: 'PATCH', path: (id) => `/v1/users/${id}`, body: () => ({ first_name: 'Changed' }), moderator: 403, admin: 200 },
  { method: 'POST', path: (id) => `/v1/users/${id}/restore`, moderator: 403, admin: 200 },
  { method: 'DELETE', path: (id) => `/v1/users/${id}`, moderator: 403, admin: 204 },
];

for (const dialect of dialects) {
  describe(`native administration roles on ${dialect.name}`, () => {
    let admin: Actor;
    let moderator: Actor;
    let user: Actor;
    let target: Actor;
    const t = useTestApp(dialect);

    before(async () => {
      admin = await signedInAs(t, 'ADMIN', 'roles-admin@example.com');
      moderator = await signedInAs(t, 'MODERATOR', 'roles-mod@example.com');
      user = await signedInAs(t, 'USER', 'roles-user@example.com');
      target = await signedInAs(t, 'USER', 'roles-target@example.com');
    });

    for (const route of routes) {
      const name = `${route.method} ${route.path(0).replace('/0', '/{id}')}`;

      test(`${name}: 401 without a token`, async () => {
        const response = await call(t.app, route.method, route.path(target.id), undefined, route.body?.());
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().code, 'unauthenticated');
      });

      test(`${name}: 403 forbidden for a user, whether the id exists or not`, async () => {
        for (const id of [target.id, 999_999]) {
          const response = await call(t.app, route.method, route.path(id), user.access_token, route.body?.());
          assert.equal(response.statusCode, 403);
          assert.equal(response.json().code, 'forbidden');
          assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        }
      });

      test(`${name}: ${route.moderator} for a moderator`, async () => {
        const response = await call(t.app, route.method, route.path(target.id), moderator.access_token, route.body?.());
        assert.equal(response.statusCode, route.moderator, response.body);
        if (route.moderator === 403) assert.equal(response.json().code, 'forbidden');
      });
    }

    test('what a moderator or user was refused left the account untouched', async () => {
      const found = await t.store.users.findById(target.id);
      assert.equal(found?.firstName, null);
      assert.equal(found?.deletedAt, null);
      assert.equal(await t.store.users.findByEmail('roles-new-1@example.com'), null);
    });

    test('an admin may use every route', async () => {
      for (const route of routes) {
        const response = await call(t.app, route.method, route.path(target.id), admin.access_token, route.body?.());
        assert.equal(response.statusCode, route.admin, `${route.method} ${route.path(target.id)}: ${response.body}`);
      }
      assert.notEqual((await t.store.users.findById(target.id))?.deletedAt, null, 'the DELETE went through');
    });

    test('a moderator does not see deleted accounts, nor their deleted_at', async () => {
      const listed = await call(t.app, 'GET', '/v1/users?limit=100', moderator.access_token);
      assert.equal(listed.json().items.some((u: { id: number }) => u.id === target.id), false);
      assert.equal(listed.json().items.some((u: object) => 'deleted_at' in u), false);
      const one = await call(t.app, 'GET', `/v1/users/${target.id}`, moderator.access_token);
      assert.equal(one.statusCode, 404);
      const asAdmin = await call(t.app, 'GET', `/v1/users/${target.id}`, admin.access_token);
      assert.equal(asAdmin.statusCode, 200);
      assert.equal(typeof asAdmin.json().deleted_at, 'string');
    });
  });
}
