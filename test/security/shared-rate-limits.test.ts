// The per-IP budgets mean what they say: one budget per kind and client IP, shared
// by every route of every API, by a seed API served on its own port, and by a
// second `sesame serve` process on the same database (counted in the database,
// rate-limiter-flexible's SQLite and PostgreSQL stores). Mail to an address other
// than the account's own is limited per account too, whatever the IP; the refresh
// grant counts inside its own transaction, and a refused refresh spends nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildSeedApiApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { Spa } from '../helpers/crdm-client.js';
import { CRDM_PASSWORD, createMember } from '../helpers/crdm-fixtures.js';
import { dialects } from '../helpers/databases.js';
import { PASSWORD } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { register, registration, userAt, withToken } from '../helpers/userapi-client.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** A crdm request from `ip` with a fresh pre-login XSRF pair (GET spends no budget). */
async function crdmPost(app: FastifyInstance, ip: string, url: string, payload: object): Promise<LightMyRequestResponse> {
  const cookie = (await app.inject({ method: 'GET', url: '/crdm/sanctum/csrf-cookie', remoteAddress: ip })).cookies.find(
    (c) => c.name === 'XSRF-TOKEN',
  )!;
  return app.inject({
    method: 'POST',
    url,
    remoteAddress: ip,
    headers: { cookie: `XSRF-TOKEN=${cookie.value}`, 'x-xsrf-token': decodeURIComponent(cookie.value) },
    payload,
  });
}

for (const dialect of dialects) {
  describe(`one per-IP budget per kind on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_IN: '4', RATE_LIMIT_MAIL: '3', RATE_LIMIT_REFRESH: '2' } });
    let own: FastifyInstance;
    before(async () => {
      // userapi also at the root of a port of its own, as its clients expect (:8081).
      own = (await buildSeedApiApp(t, 'userapi'))!;
      await own.ready();
    });
    after(async () => {
      await own?.close();
    });

    test('sign-ins through five routes of four APIs on two ports spend one budget: the fifth is a 429 in its API shape', async () => {
      const ip = '198.51.100.11';
      const answers = [
        await t.app.inject({ method: 'POST', url: '/v1/token', remoteAddress: ip, headers: form, payload: 'grant_type=password&username=x%40example.com&password=wrong' }),
        await t.app.inject({ method: 'POST', url: '/myclass/api/login', remoteAddress: ip, payload: { Email: 'x@example.com', Pwd: 'wrong password' } }),
        await t.app.inject({ method: 'POST', url: '/coinduchef-auth/token', remoteAddress: ip, headers: form, payload: 'username=x%40example.com&password=wrong' }),
        await own.inject({ method: 'POST', url: '/login?email=x@example.com&pass=wrong', remoteAddress: ip }),
      ];
      for (const answer of answers) assert.notEqual(answer.statusCode, 429, answer.body);
      const limited = await crdmPost(t.app, ip, '/crdm/login', { email: 'x@example.com', password: 'wrong password', remember: false });
      assert.equal(limited.statusCode, 429, limited.body);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal(typeof limited.json().message, 'string', 'crdm shape');
      const ownPort = await own.inject({ method: 'POST', url: '/login?email=x@example.com&pass=wrong', remoteAddress: ip });
      assert.equal(ownPort.statusCode, 429, 'the seed port shares the budget');
      assert.equal(ownPort.json().success, false, 'userapi shape');
      const elsewhere = await t.app.inject({ method: 'POST', url: '/myclass/api/login', remoteAddress: '198.51.100.12', payload: { Email: 'x@example.com', Pwd: 'wrong password' } });
      assert.notEqual(elsewhere.statusCode, 429, 'another IP has its own budget');
    });

    test('the mail routes of native and crdm spend one RATE_LIMIT_MAIL budget', async () => {
      const ip = '198.51.100.21';
      const forgot = () => t.app.inject({ method: 'POST', url: '/v1/password/forgot', remoteAddress: ip, payload: { email: 'nobody@example.com' } });
      assert.equal((await forgot()).statusCode, 202);
      const resend = await t.app.inject({ method: 'POST', url: '/v1/verify-email/resend', remoteAddress: ip, payload: { email: 'nobody@example.com' } });
      assert.equal(resend.statusCode, 202);
      assert.equal((await crdmPost(t.app, ip, '/crdm/forgot-password', { email: 'nobody@example.com' })).statusCode, 200);
      const refused = await forgot();
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().code, 'rate_limited');
      assert.ok(Number(refused.headers['retry-after']) > 0);
    });

    test('refreshes through native and userapi spend one budget; a refused refresh spends no token', async () => {
      const ip = '198.51.100.31';
      const email = 'refresher@example.com';
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/signup', payload: { email, password: PASSWORD } })).statusCode, 201);
      const grant = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        remoteAddress: ip,
        headers: form,
        payload: new URLSearchParams({ grant_type: 'password', username: email, password: PASSWORD }).toString(),
      });
      let refresh: string = grant.json().refresh_token;
      const first = await t.app.inject({ method: 'POST', url: '/v1/token', remoteAddress: ip, payload: { grant_type: 'refresh_token', refresh_token: refresh } });
      assert.equal(first.statusCode, 200, first.body);
      refresh = first.json().refresh_token;
      const second = await own.inject({ method: 'POST', url: '/regen_token', remoteAddress: ip, headers: { authorization: `Bearer ${refresh}` } });
      assert.equal(second.statusCode, 200, second.body);
      refresh = second.json().refresh;
      const third = await t.app.inject({ method: 'POST', url: '/v1/token', remoteAddress: ip, payload: { grant_type: 'refresh_token', refresh_token: refresh } });
      assert.equal(third.statusCode, 429, third.body);
      assert.equal(third.json().error, 'slow_down');
      assert.ok(Number(third.headers['retry-after']) > 0);
      const record = await t.store.refreshTokens.findById(refresh.split('.')[0]!);
      assert.equal(record?.usedAt, null, 'the refused rotation rolled back: the token is still unspent');
      const userapi = await own.inject({ method: 'POST', url: '/regen_token', remoteAddress: ip, headers: { authorization: `Bearer ${refresh}` } });
      assert.equal(userapi.statusCode, 429);
      assert.equal(userapi.json().success, false);
      const elsewhere = await t.app.inject({ method: 'POST', url: '/v1/token', remoteAddress: '198.51.100.32', payload: { grant_type: 'refresh_token', refresh_token: refresh } });
      assert.equal(elsewhere.statusCode, 200, 'from another IP the same token still works');
    });
  });

  describe(`mail to another address, limited per account, on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_MAIL: '3' } });

    test('email changes through native and crdm from four IPs: the account budget stops the fourth, nothing mailed', async () => {
      const email = 'mover@example.com';
      await createMember(t, email);
      const grant = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        headers: form,
        payload: new URLSearchParams({ grant_type: 'password', username: email, password: CRDM_PASSWORD }).toString(),
      });
      const access = grant.json().access_token as string;
      const change = (ip: string, to: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/me/email',
          remoteAddress: ip,
          headers: { authorization: `Bearer ${access}` },
          payload: { new_email: to, password: CRDM_PASSWORD },
        });
      assert.equal((await change('203.0.113.1', 'new1@example.com')).statusCode, 202);
      assert.equal((await change('203.0.113.2', 'new2@example.com')).statusCode, 202);
      const spa = new Spa(t.app);
      await spa.signIn(email, CRDM_PASSWORD);
      const crdm = await spa.request('PATCH', '/api/user/settings/email', { email: 'new3@example.com' });
      assert.equal(crdm.statusCode, 200, crdm.body);
      const refused = await change('203.0.113.4', 'new4@example.com');
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().code, 'rate_limited');
      const crdmRefused = await spa.request('PATCH', '/api/user/settings/email', { email: 'new5@example.com' });
      assert.equal(crdmRefused.statusCode, 429, 'crdm too, in its own shape');
      assert.equal(typeof crdmRefused.json().message, 'string');
      for (const to of ['new1', 'new2', 'new3']) {
        assert.equal((await t.store.outbox.list({ to: `${to}@example.com`, limit: 5 })).length, 1, `${to} got its link`);
      }
      for (const to of ['new4', 'new5']) {
        assert.equal((await t.store.outbox.list({ to: `${to}@example.com`, limit: 5 })).length, 0, `${to} got nothing`);
      }
      // Another account is not affected by this one's budget.
      await createMember(t, 'stayer@example.com');
      const other = new Spa(t.app);
      await other.signIn('stayer@example.com', CRDM_PASSWORD);
      const fine = await t.app.inject({
        method: 'PATCH',
        url: '/crdm/api/user/settings/email',
        remoteAddress: '203.0.113.9',
        headers: { cookie: other.jar.header('/crdm/api')!, 'x-xsrf-token': decodeURIComponent(other.jar.readable('XSRF-TOKEN')!) },
        payload: { email: 'stayer2@example.com' },
      });
      assert.equal(fine.statusCode, 200, fine.body);
    });
  });

  describe(`userapi /delete, limited per account, on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_IN: '2' } });

    test('an admin token deleting from three IPs: the account’s sign-in budget stops the third', async () => {
      const admin = await userAt(t, 3);
      const victims: number[] = [];
      for (let i = 0; i < 3; i++) {
        const data = registration();
        assert.equal((await register(t.app, data)).statusCode, 200);
        victims.push((await t.store.users.findByEmail(data.email))!.id);
      }
      const remove = (ip: string, id: number) =>
        t.app.inject({ method: 'POST', url: `/userapi/delete?id=${id}`, remoteAddress: ip, headers: withToken(admin.token) });
      assert.equal((await remove('192.0.2.1', victims[0]!)).statusCode, 200);
      assert.equal((await remove('192.0.2.2', victims[1]!)).statusCode, 200);
      const refused = await remove('192.0.2.3', victims[2]!);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().success, false);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal((await t.store.users.findById(victims[2]!))?.deletedAt, null, 'the third account is still there');
    });
  });

  describe(`two sesame processes on one ${dialect.name} database`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_UP: '3' } });
    let child: ChildServer;
    before(async () => {
      // The retired variable too: still read, and said at start.
      child = await startChildServer(t.database.url, { RATE_LIMIT_SIGN_UP: '3', MAIL_RATE_LIMIT_PER_IP: '50' });
    });
    after(async () => {
      await child?.kill('SIGTERM');
    });

    test('sign-ups from one IP spread over both processes share one budget', async () => {
      const here = (email: string) => t.app.inject({ method: 'POST', url: '/v1/signup', payload: { email, password: PASSWORD } });
      const there = (email: string) =>
        fetch(`${child.url}/v1/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
      // Both see the client as 127.0.0.1: inject's default address, and the loopback socket.
      assert.equal((await here('p1@example.com')).statusCode, 201);
      assert.equal((await there('p2@example.com')).status, 201);
      assert.equal((await here('p3@example.com')).statusCode, 201);
      const refused = await there('p4@example.com');
      assert.equal(refused.status, 429, await refused.text());
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal((await here('p5@example.com')).statusCode, 429);
    });

    test('a process started with MAIL_RATE_LIMIT_PER_IP logs that it is deprecated', () => {
      assert.match(child.output(), /MAIL_RATE_LIMIT_PER_IP is deprecated/);
    });
  });
}

describe('MAIL_RATE_LIMIT_PER_IP, deprecated', () => {
  test('alone, it is still the mail budget, per hour, with a warning; beside RATE_LIMIT_MAIL it is ignored, with a warning', () => {
    const old = loadConfig({ MAIL_RATE_LIMIT_PER_IP: '40' });
    assert.equal(old.rateLimits.mail, 40);
    assert.equal(old.rateLimits.mailWindowSeconds, 3600);
    assert.match(old.warnings.join('\n'), /MAIL_RATE_LIMIT_PER_IP is deprecated.*RATE_LIMIT_MAIL/);
    const both = loadConfig({ MAIL_RATE_LIMIT_PER_IP: '40', RATE_LIMIT_MAIL: '7', RATE_LIMIT_WINDOW: '120' });
    assert.deepEqual([both.rateLimits.mail, both.rateLimits.mailWindowSeconds], [7, 120]);
    assert.match(both.warnings.join('\n'), /ignored/);
    assert.deepEqual(loadConfig({}).warnings, []);
  });
});
