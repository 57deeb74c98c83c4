// The per-IP sign-in budget holds on every seed API's sign-in route too, and the
// 429 comes in that API's own error shape with Retry-After. The budget is per kind
// and per IP, shared by all APIs: sign-ins through one API spend it for the others.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dialects } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';

interface SeedSignIn {
  api: string;
  attempt(app: FastifyInstance): Promise<LightMyRequestResponse>;
  inShape(body: Record<string, unknown>): boolean;
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

const SIGN_INS: SeedSignIn[] = [
  {
    api: 'myclass',
    attempt: (app) => app.inject({ method: 'POST', url: '/myclass/api/login', payload: { Email: 'x@example.com', Pwd: 'wrong password' } }),
    inShape: (body) => body.status === false && typeof body.message === 'string',
  },
  {
    api: 'userapi',
    attempt: (app) => app.inject({ method: 'POST', url: '/userapi/login?email=x@example.com&pass=wrong' }),
    inShape: (body) => body.success === false && typeof body.message === 'string',
  },
  {
    api: 'coinduchef',
    attempt: (app) => app.inject({ method: 'POST', url: '/coinduchef-auth/token', headers: form, payload: 'username=x%40example.com&password=wrong' }),
    inShape: (body) => 'detail' in body,
  },
  {
    api: 'crdm',
    attempt: async (app) => {
      const cookie = await app.inject({ method: 'GET', url: '/crdm/sanctum/csrf-cookie' });
      const xsrf = cookie.cookies.find((c) => c.name === 'XSRF-TOKEN')!;
      return app.inject({
        method: 'POST',
        url: '/crdm/login',
        headers: { cookie: `XSRF-TOKEN=${xsrf.value}`, 'x-xsrf-token': decodeURIComponent(xsrf.value) },
        payload: { email: 'x@example.com', password: 'wrong password' },
      });
    },
    inShape: (body) => typeof body.message === 'string',
  },
];

for (const dialect of dialects) {
  describe(`per-IP sign-in limits of the seed APIs on ${dialect.name}`, () => {
    for (const signIn of SIGN_INS) {
      describe(signIn.api, () => {
        const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_IN: '2' } });
        test(`${signIn.api}: the third sign-in from one IP is a 429 in its shape with Retry-After`, async () => {
          const answers = [];
          for (let i = 0; i < 3; i++) answers.push(await signIn.attempt(t.app));
          assert.notEqual(answers[0]!.statusCode, 429);
          assert.notEqual(answers[1]!.statusCode, 429);
          const limited = answers[2]!;
          assert.equal(limited.statusCode, 429, limited.body);
          assert.ok(Number(limited.headers['retry-after']) > 0);
          assert.ok(signIn.inShape(limited.json()), limited.body);
        });
      });
    }
  });
}
