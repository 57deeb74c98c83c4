// Where seed 000 is served, on SQLite and PostgreSQL: at /myclass/api (or the
// configured prefix) on the main port, and at the root of its own port over real
// HTTP, as its `:5000/myclass/api/…` clients expect; both slash forms, the
// document's double slashes, and unknown paths in its own shape.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSeedApiApp } from '../../../src/app.js';
import { dialects } from '../../helpers/databases.js';
import { activateInStore, call, failure, PWD } from '../../helpers/myclass-client.js';
import { startTestApp, useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`myclass mounts on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { MYCLASS_PREFIX: '/ecole/api' } });
    let own: FastifyInstance;
    let base = '';
    before(async () => {
      own = (await buildSeedApiApp(t, 'myclass'))!;
      await own.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(own.server.address() as AddressInfo).port}`;
    });
    after(async () => own.close());

    const post = async (path: string, body: object) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { status: boolean; message: unknown } };
    };

    test('at the root of its own port over HTTP: create, log in, read; the same accounts as the main port', async () => {
      const created = await post('/add_user_account/', { Name: 'P', Surname: 'Q', Email: 'port@example.com', Pwd: PWD });
      assert.deepEqual([created.status, created.body.status], [200, true]);
      await activateInStore(t.store, 'port@example.com');
      const logged = await post('/login', { Email: 'port@example.com', Pwd: PWD });
      assert.equal(logged.body.status, true);
      const token = String(logged.body.message);
      const viaPort = await post('/get_user_account', { email: 'port@example.com', token });
      assert.equal(viaPort.body.status, true);
      const viaMain = await call(t.app, 'get_user_account/', { email: 'port@example.com', token }, { prefix: '/ecole/api' });
      assert.equal(viaMain.answer.status, true, 'one token, one account, whichever mount');
    });

    test('a failure answered 200 is JSON like a success, with its type', async () => {
      const res = await fetch(`${base}/get_user_account`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'port@example.com', token: 'not-a-token' }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const body = (await res.json()) as { status: boolean; message: unknown };
      assert.equal(body.status, false);
      assert.equal(typeof body.message, 'string');
    });

    test('the configured prefix replaces /myclass/api on the main port', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/myclass/api/login', payload: {} });
      assert.equal(res.statusCode, 404);
      const moved = await call(t.app, 'login', { Email: 'port@example.com', Pwd: PWD }, { prefix: '/ecole/api' });
      assert.equal(moved.answer.status, true);
    });

    test("the document's double slashes (`:5000//myclass/api/…`) reach the endpoint", async () => {
      const res = await post('//login/', { Email: 'port@example.com', Pwd: PWD });
      assert.equal(res.body.status, true);
      const main = await t.app.inject({ method: 'POST', url: '//ecole/api/login', payload: { Email: 'port@example.com', Pwd: PWD } });
      assert.equal(main.json().status, true);
    });

    test("an unknown path answers 404 in this API's shape on its port and under its prefix", async () => {
      const onPort = await post('/delete_everything', {});
      assert.equal(onPort.status, 404);
      assert.deepEqual(Object.keys(onPort.body).sort(), ['message', 'status']);
      assert.equal(onPort.body.status, false);
      const v1 = await post('/v1/signup', { email: 'x@example.com', password: PWD });
      assert.equal(v1.status, 404, 'the native API is not served on the seed port');
      assert.equal(v1.body.status, false);
      const underPrefix = await call(t.app, 'nothing_here', {}, { prefix: '/ecole/api' });
      assert.match(failure(underPrefix, 404), /Cette api n'existe pas/);
    });

    test('a body too large is refused in the same shape', async () => {
      const res = await post('/login', { Email: 'x@example.com', Pwd: 'p'.repeat(1024 * 1024 + 10) });
      assert.equal(res.status, 413);
      assert.equal(res.body.status, false);
    });
  });
}

for (const dialect of dialects) {
  describe(`myclass when the database fails on ${dialect.name}`, () => {
    test('500 in its shape with the request id only; the error is logged', async () => {
      const database = await dialect.create();
      const t = await startTestApp(database);
      try {
        await t.store.close();
        const res = await call(t.app, 'login', { Email: 'a@example.com', Pwd: PWD });
        assert.equal(res.statusCode, 500);
        assert.deepEqual(res.answer, { status: false, message: `Erreur interne (requête ${res.headers['x-request-id']}).` });
        assert.ok(t.logs.some((line) => line.includes('unexpected error') && line.includes(String(res.headers['x-request-id']))));
      } finally {
        await t.app.close();
        await database.drop();
      }
    });
  });
}

describe('the native OpenAPI document', () => {
  test('leaves the myclass routes out: its seed document is its reference', async () => {
    const database = await dialects[0]!.create();
    const t = await startTestApp(database);
    try {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      assert.deepEqual(Object.keys(doc.paths).filter((path) => path.includes('myclass')), []);
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
