// HTTP hardening of the main app, on both databases: security headers, CORS only
// for configured origins, the 1 MiB body limit, prototype poisoning, strict content
// types, request ids on every answer, per-IP limits and which IP counts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { PASSWORD, passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp, useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`HTTP hardening on ${dialect.name}`, () => {
    const sesame = useTestApp(dialect, { env: { CORS_ORIGINS: 'https://app.example.com' } });

    test('API answers carry the short security set of the OWASP REST cheat sheet, and a request id', async () => {
      for (const url of ['/healthz', '/v1/me', '/nowhere', '/.well-known/jwks.json', '/userapi/getuser', '/crdm/api/user']) {
        const response = await sesame.app.inject({ method: 'GET', url });
        // The public keys alone may be cached a while by those who verify tokens.
        const cache = url === '/.well-known/jwks.json' ? 'public, max-age=300' : 'no-store';
        assert.equal(response.headers['cache-control'], cache, url);
        assert.equal(response.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.match(String(response.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/, url);
        assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/, url);
        assert.equal(response.headers['x-powered-by'], undefined);
        // The page headers are not sent where nothing renders.
        assert.equal(response.headers['x-frame-options'], undefined, url);
        assert.equal(response.headers['cross-origin-opener-policy'], undefined, url);
      }
    });

    test('HTML pages carry the full set: the hosted pages and /docs', async () => {
      for (const url of ['/docs/', '/account/reset-password?token=x']) {
        const response = await sesame.app.inject({ method: 'GET', url });
        assert.match(String(response.headers['content-type']), /text\/html/, url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.match(String(response.headers['x-frame-options']), /SAMEORIGIN|DENY/, url);
        assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', url);
        assert.match(String(response.headers['strict-transport-security']), /max-age=31536000/, url);
        assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'|frame-ancestors 'self'/, url);
        assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/, url);
      }
      const page = await sesame.app.inject({ method: 'GET', url: '/account/reset-password?token=x' });
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    });

    test('CORS answers the configured origin only', async () => {
      const preflight = (origin: string) =>
        sesame.app.inject({
          method: 'OPTIONS',
          url: '/v1/me',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const allowed = await preflight('https://app.example.com');
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
      assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
      const refused = await preflight('https://evil.example.net');
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
      const simple = await sesame.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example.net' } });
      assert.equal(simple.headers['access-control-allow-origin'], undefined);
    });

    test('a body over 1 MiB is 413 in the API shape; just under is read', async () => {
      const big = JSON.stringify({ email: 'big@example.com', password: PASSWORD, first_name: 'x'.repeat(1024 * 1024) });
      const response = await sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'content-type': 'application/json' }, payload: big });
      assert.equal(response.statusCode, 413);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.json().code, 'payload_too_large');
      assert.equal(response.json().request_id, response.headers['x-request-id']);
      const token = await sesame.app.inject({ method: 'POST', url: '/v1/token', headers: { 'content-type': 'application/json' }, payload: big });
      assert.equal(token.statusCode, 413);
      assert.equal(token.json().error, 'invalid_request');
      const under = JSON.stringify({ email: 'big@example.com', password: PASSWORD, first_name: 'x'.repeat(1000 * 1000) });
      const read = await sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'content-type': 'application/json' }, payload: under });
      assert.equal(read.statusCode, 400, 'read, then refused by the schema (first_name too long), not by the limit');
      assert.equal(read.json().code, 'validation_failed');
    });

    test('__proto__ and constructor.prototype in JSON are refused, nothing is created', async () => {
      for (const payload of [
        '{"email":"proto@example.com","password":"correct horse battery staple","__proto__":{"role":"ADMIN"}}',
        '{"email":"proto@example.com","password":"correct horse battery staple","constructor":{"prototype":{"role":"ADMIN"}}}',
      ]) {
        const response = await sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'content-type': 'application/json' }, payload });
        assert.equal(response.statusCode, 400);
        assert.equal(response.json().code, 'bad_request');
      }
      assert.equal(await sesame.core.accounts.findByEmail('proto@example.com'), null);
      assert.equal(({} as { role?: string }).role, undefined);
    });

    test('only JSON and form bodies are read: text/plain, XML and others are 415', async () => {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json']) {
        const response = await sesame.app.inject({
          method: 'POST',
          url: '/v1/signup',
          headers: { 'content-type': type },
          payload: '{"email":"type@example.com","password":"correct horse battery staple"}',
        });
        assert.equal(response.statusCode, 415, type);
        assert.equal(response.json().code, 'unsupported_media_type');
      }
      const malformed = await sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
      assert.equal(malformed.statusCode, 400);
      assert.doesNotMatch(malformed.body, /Unexpected|SyntaxError|at JSON/);
    });

  });

  describe(`per-IP limits on ${dialect.name}`, () => {
    const sesame = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_UP: '3', RATE_LIMIT_SIGN_IN: '4', RATE_LIMIT_REFRESH: '2' } });

    test('sign-up, sign-in and refresh each have their own budget, 429 with Retry-After', async () => {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await sesame.app.inject({ method: 'POST', url: '/v1/signup', payload: { email: `ip${i}@example.com`, password: PASSWORD } });
        statuses.push(response.statusCode);
        if (i === 3) {
          assert.equal(response.json().code, 'rate_limited');
          assert.ok(Number(response.headers['retry-after']) > 0);
        }
      }
      assert.deepEqual(statuses, [201, 201, 201, 429]);
      // TRUST_PROXY is off: a forged X-Forwarded-For does not buy a new budget.
      const forged = await sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: from('203.0.113.9'), payload: { email: 'ip9@example.com', password: PASSWORD } });
      assert.equal(forged.statusCode, 429);

      const grants = [];
      for (let i = 0; i < 5; i++) grants.push((await passwordGrant(sesame.app, 'ip0@example.com')).statusCode);
      assert.deepEqual(grants, [200, 200, 200, 200, 429]);
      const limited = await passwordGrant(sesame.app, 'ip0@example.com');
      assert.equal(limited.json().error, 'slow_down');
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });

    test('refreshes have a budget apart from sign-ins', async () => {
      const first = await sesame.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'refresh_token', refresh_token: 'x'.repeat(60) } });
      const second = await sesame.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'refresh_token', refresh_token: 'x'.repeat(60) } });
      const third = await sesame.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'refresh_token', refresh_token: 'x'.repeat(60) } });
      assert.deepEqual([first.statusCode, second.statusCode, third.statusCode], [400, 400, 429], 'sign-ins are spent, refreshes are not');
    });
  });

  describe(`no CORS_ORIGINS on ${dialect.name}`, () => {
    test('no origin configured: no CORS header on any answer, a preflight finds no route', async () => {
      const database = await dialect.create();
      const sesame = await startTestApp(database);
      try {
        const preflight = await sesame.app.inject({
          method: 'OPTIONS',
          url: '/v1/me',
          headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
        });
        assert.equal(preflight.statusCode, 404);
        const simple = await sesame.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://app.example.com' } });
        assert.equal(simple.statusCode, 200);
        for (const answer of [preflight, simple]) {
          assert.equal(answer.headers['access-control-allow-origin'], undefined);
          assert.equal(answer.headers['access-control-allow-credentials'], undefined);
          assert.equal(answer.headers.vary, undefined);
        }
      } finally {
        await sesame.close();
        await database.drop();
      }
    });
  });

  describe(`client IP and TRUST_PROXY on ${dialect.name}`, () => {
    test('behind one trusted proxy, each client address has its own budget; a forged hop does not', async () => {
      const database = await dialect.create();
      const sesame = await startTestApp(database, { env: { TRUST_PROXY: 'true', RATE_LIMIT_SIGN_UP: '1' } });
      try {
        const signUpFrom = (xff: string, email: string) =>
          sesame.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'x-forwarded-for': xff }, payload: { email, password: PASSWORD } });
        assert.equal((await signUpFrom('198.51.100.1', 'a@example.com')).statusCode, 201);
        assert.equal((await signUpFrom('198.51.100.1', 'b@example.com')).statusCode, 429);
        assert.equal((await signUpFrom('198.51.100.2', 'c@example.com')).statusCode, 201);
        // The client prepends a fake address; the proxy appends the real one, which counts.
        assert.equal((await signUpFrom('10.9.9.9, 198.51.100.1', 'd@example.com')).statusCode, 429);
        const sessionIp = await signUp(sesame.app, 'e@example.com');
        assert.equal(sessionIp.statusCode, 201, 'no header: the socket address, a budget of its own');
      } finally {
        await sesame.close();
        await database.drop();
      }
    });
  });
}
