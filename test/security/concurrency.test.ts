// Races a user could trigger, with real parallel requests on both databases:
// one email signed up 20 times at once through every API that signs up, one
// refresh token spent 10 times at once, and two admins removing each other.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { mountedRoutes } from '../../src/http/route-catalog.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, bearer, me, refreshGrant, signedInUser } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface SignUpRoute {
  api: string;
  /** The route's path, as the catalogue spells it (with or without a trailing slash). */
  matches: RegExp;
  request(url: string, email: string, n: number): InjectOptions;
  succeeded(response: LightMyRequestResponse): boolean;
}

const ok = (response: LightMyRequestResponse) => response.statusCode >= 200 && response.statusCode < 300;

/** How each API signs a user up, from its seed document (crdm only lets admins create users). */
const SIGN_UPS: SignUpRoute[] = [
  {
    api: 'native',
    matches: /^\/v1\/signup$/,
    request: (url, email) => ({ method: 'POST', url, payload: { email, password: PASSWORD } }),
    succeeded: ok,
  },
  {
    api: 'myclass',
    matches: /\/add_user_account\/?$/,
    request: (url, email) => ({ method: 'POST', url, payload: { Name: 'Race', Surname: 'Condition', Email: email, Pwd: PASSWORD } }),
    succeeded: (response) => ok(response) && response.json<{ status: unknown }>().status === true,
  },
  {
    api: 'userapi',
    matches: /\/register\/?$/,
    request: (url, email, n) => ({
      method: 'POST',
      url,
      query: { data: JSON.stringify({ username: `racer${n}`, email, password: PASSWORD, birthdate: '1995-01-01', prenom: 'Race', nom: 'Condition' }) },
    }),
    succeeded: (response) => ok(response) && response.json<{ success: unknown }>().success === true,
  },
  {
    api: 'coinduchef',
    matches: /\/register\/?$/,
    request: (url, email) => ({
      method: 'POST',
      url,
      payload: { prenom: 'Race', nom: 'Condition', courriel: email, mot_de_passe: PASSWORD, role: 'UTILISATEUR' },
    }),
    succeeded: ok,
  },
];

function signUpRoutes(app: FastifyInstance) {
  return SIGN_UPS.flatMap((signUp) => {
    const route = mountedRoutes(app).find((r) => r.api === signUp.api && r.method === 'POST' && signUp.matches.test(r.url));
    return route ? [{ ...signUp, url: route.url }] : [];
  });
}

for (const dialect of dialects) {
  describe(`races on ${dialect.name}`, () => {
    let database: TestDatabase;
    let sesame: TestApp;

    before(async () => {
      database = await dialect.create();
      sesame = await startTestApp(database);
    });
    after(async () => {
      await sesame.close();
      await database.drop();
    });

    test('20 parallel sign-ups of one email, spread over every API that signs up: exactly one account', async () => {
      const routes = signUpRoutes(sesame.app);
      assert.ok(routes.some((r) => r.api === 'native'));
      const attempts = Array.from({ length: 20 }, (_, n) => routes[n % routes.length]!);
      const responses = await Promise.all(
        attempts.map((route, n) => sesame.app.inject(route.request(route.url, n % 2 ? 'Race@Example.com' : ' race@example.COM ', n))),
      );
      for (const response of responses) assert.ok(response.statusCode < 500, response.body);
      const winners = responses.filter((response, n) => attempts[n]!.succeeded(response));
      assert.equal(winners.length, 1, `APIs: ${routes.map((r) => r.api).join(', ')}; ${responses.map((r) => r.statusCode).join(',')}`);
      const users = await sesame.store.users.list({ q: 'race@example.com', includeDeleted: true, limit: 100 });
      assert.equal(users.length, 1);
      assert.notEqual(await sesame.store.credentials.getPasswordHash(users[0]!.id), null, 'the account has its credential');
    });

    test('one refresh token spent 10 times at once: one success, and the whole family is revoked', async () => {
      const tokens = await signedInUser(sesame.app, 'refresh-race@example.com');
      const responses = await Promise.all(Array.from({ length: 10 }, () => refreshGrant(sesame.app, tokens.refresh_token)));
      const successes = responses.filter((r) => r.statusCode === 200);
      assert.equal(successes.length, 1, responses.map((r) => r.statusCode).join(','));
      for (const refused of responses.filter((r) => r.statusCode !== 200)) assert.equal(refused.json().error, 'invalid_grant');
      const rotated = successes[0]!.json<{ access_token: string; refresh_token: string }>();
      assert.equal((await refreshGrant(sesame.app, rotated.refresh_token)).statusCode, 400, 'the rotated token died with the family');
      assert.equal((await me(sesame.app, rotated.access_token)).statusCode, 401, 'and so did its access token');
      assert.equal((await me(sesame.app, tokens.access_token)).statusCode, 401);
    });

    test('two admins removing each other at once: one of them stays', async () => {
      const [a, b] = await Promise.all([
        sesame.core.accounts.createOrPromoteAdmin('admin-a@example.com', PASSWORD),
        sesame.core.accounts.createOrPromoteAdmin('admin-b@example.com', PASSWORD),
      ]);
      const before = await sesame.store.users.countActiveAdmins();
      const context = { api: 'test', ip: null, userAgent: null };
      // Leave exactly these two admins, then race.
      assert.equal(before, 2);
      const results = await Promise.allSettled([
        sesame.core.accounts.softDelete(b.user.id, a.user.id, context),
        sesame.core.accounts.softDelete(a.user.id, b.user.id, context),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
      assert.equal(await sesame.store.users.countActiveAdmins(), 1);
      const adminRoutes = mountedRoutes(sesame.app).filter((r) => r.url === '/v1/users/:id' && r.method === 'PATCH');
      if (adminRoutes.length === 0) return;
      // With the admin API mounted: the remaining admin and a new one demote each other at once.
      const survivor = (await sesame.store.users.findById(a.user.id))?.deletedAt ? b : a;
      const other = await sesame.core.accounts.createOrPromoteAdmin('admin-c@example.com', PASSWORD);
      const sign = async (id: number) => {
        const user = (await sesame.store.users.findById(id))!;
        const started = await sesame.core.sessions.start(user, context);
        return (await sesame.core.accessTokens.issue(user, started.session)).token;
      };
      const [t1, t2] = [await sign(survivor.user.id), await sign(other.user.id)];
      await Promise.all([
        sesame.app.inject({ method: 'PATCH', url: `/v1/users/${other.user.id}`, headers: bearer(t1), payload: { role: 'user' } }),
        sesame.app.inject({ method: 'PATCH', url: `/v1/users/${survivor.user.id}`, headers: bearer(t2), payload: { role: 'user' } }),
      ]);
      assert.ok((await sesame.store.users.countActiveAdmins()) >= 1);
    });
  });
}

