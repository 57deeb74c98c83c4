// Where seed 001 is served, on SQLite and PostgreSQL: at /userapi (or the
// configured prefix) on the main port, and at the root of its own port over real
// HTTP as its `localhost:8081/…` clients expect; unknown paths, bodies too large
// and unreadable bodies answer in its own shape; its shape never leaks into /v1.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSeedApiApp } from '../../../src/app.js';
import { dialects } from '../../helpers/databases.js';
import { useTestApp } from '../../helpers/test-app.js';
import { call, PASSWORD, registration } from '../../helpers/userapi-client.js';

for (const dialect of dialects) {
  describe(`userapi mounts on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { USERAPI_PREFIX: '/legacy/users' } });
    let own: FastifyInstance;
    let base = '';
    const ownLogs: string[] = [];
    before(async () => {
      const logStream = new Writable({ write: (chunk, _encoding, done) => (ownLogs.push(String(chunk)), done()) });
      own = (await buildSeedApiApp({ ...t, logStream }, 'userapi'))!;
      await own.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(own.server.address() as AddressInfo).port}`;
    });
    after(async () => own.close());

    const post = async (pathAndQuery: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${pathAndQuery}`, { method: 'POST', ...init });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    test('at the root of its own port, the document\'s URLs as they are: register, login, getuser', async () => {
      const data = registration({ email: 'port@example.com' });
      const registered = await post(`/register?data=${encodeURIComponent(JSON.stringify(data))}`);
      assert.deepEqual(registered, { status: 200, body: { success: true, message: 'ok' } });
      const logged = await post(`/login?email=port@example.com&pass=${encodeURIComponent(PASSWORD)}`);
      assert.equal(logged.status, 200);
      const user = await post(`/getuser?id=${logged.body.id}`, { headers: { authorization: `Bearer ${logged.body.token}` } });
      assert.equal(user.body.email, 'port@example.com');
      const viaMain = await call(t.app, '/getuser', { headers: { 'x-access-token': String(logged.body.token) } }, '/legacy/users');
      assert.equal(viaMain.json().id, logged.body.id, 'one token, one account, whichever mount');
    });

    test('the configured prefix replaces /userapi on the main port', async () => {
      const old = await t.app.inject({ method: 'POST', url: '/userapi/login' });
      assert.equal(old.statusCode, 404);
      assert.equal(old.json().code, 'not_found', 'outside the userapi, the native shape answers');
      const moved = await call(t.app, '/login', { query: { email: 'port@example.com', pass: PASSWORD } }, '/legacy/users');
      assert.equal(moved.statusCode, 200);
    });

    test('an unknown path or method answers 404 {"success": false, …} on its port and under its prefix', async () => {
      const onPort = await post('/drop_database');
      assert.deepEqual(onPort, { status: 404, body: { success: false, message: 'Unknown route POST /drop_database.' } });
      const get = await fetch(`${base}/login`);
      assert.equal(get.status, 404);
      assert.equal(((await get.json()) as { success: boolean }).success, false);
      const v1 = await post('/v1/signup');
      assert.equal(v1.status, 404, 'the native API is not served on the seed port');
      assert.equal(v1.body.success, false);
      const underPrefix = await call(t.app, '/nothing_here', {}, '/legacy/users');
      assert.equal(underPrefix.statusCode, 404);
      assert.deepEqual(underPrefix.json(), { success: false, message: 'Unknown route POST /legacy/users/nothing_here.' });
    });

    test('a body too large, malformed JSON → its own shape; the native API keeps problem+json', async () => {
      const big = await post('/login', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@example.com', pass: 'p'.repeat(1024 * 1024 + 10) }),
      });
      assert.equal(big.status, 413);
      assert.deepEqual(big.body, { success: false, message: 'The request is too large.' });
      const broken = await post('/login', { headers: { 'content-type': 'application/json' }, body: '{"email":' });
      assert.equal(broken.status, 400);
      assert.equal(broken.body.success, false);
      const poisoned = await post('/login', {
        headers: { 'content-type': 'application/json' },
        body: '{"email": "x@example.com", "__proto__": {"pass": "x"}}',
      });
      assert.equal(poisoned.status, 400, 'a __proto__ key is refused, as everywhere else');
      assert.equal(poisoned.body.success, false);
      const native = await t.app.inject({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'content-type': 'application/json' },
        payload: '',
      });
      assert.equal(native.statusCode, 400);
      assert.match(String(native.headers['content-type']), /problem\+json/, 'the userapi JSON parser stays in its plugin');
    });
  });
}
