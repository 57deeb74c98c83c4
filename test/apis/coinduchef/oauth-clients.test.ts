// POST /token must work unchanged with standard OAuth2 clients doing the
// resource-owner password flow (RFC 6749 §4.3). Over a real listening port, each
// request below is what such a client sends, header for header:
// - simple-oauth2's ResourceOwnerPassword (client credentials in an HTTP Basic
//   header, form body with grant_type, username, password and scope, Accept: json);
// - requests-oauthlib's LegacyApplicationClient (client_id in the body as well,
//   charset in the content type);
// - FastAPI's own Swagger UI "Authorize" dialog (empty scope, client fields).
// The client then uses the token as `Authorization: Bearer`.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { useTestApp } from '../../helpers/test-app.js';
import { BASE, CDC_PASSWORD, person, register } from '../../helpers/coinduchef-client.js';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const EMAIL = 'client.oauth@example.com';

const CLIENTS: { name: string; headers: Record<string, string>; body: Record<string, string> }[] = [
  {
    name: 'simple-oauth2 ResourceOwnerPassword (Basic client authentication)',
    headers: {
      authorization: basic('coinduchef-web', 's3cr3t/+='),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: { grant_type: 'password', username: EMAIL, password: CDC_PASSWORD, scope: 'recettes utilisateurs' },
  },
  {
    name: 'requests-oauthlib LegacyApplicationClient (client_id in the body)',
    headers: {
      authorization: basic('coinduchef-cli', 'secret'),
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      accept: 'application/json',
    },
    body: { grant_type: 'password', username: EMAIL, password: CDC_PASSWORD, client_id: 'coinduchef-cli' },
  },
  {
    name: 'FastAPI Swagger UI Authorize (empty scope, client fields)',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: { grant_type: 'password', username: EMAIL, password: CDC_PASSWORD, scope: '', client_id: 'swagger', client_secret: '' },
  },
];

for (const dialect of dialects) {
  describe(`coinduchef /token with standard OAuth2 clients on ${dialect.name}`, () => {
    let origin: string;

    const t = useTestApp(dialect);

    before(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      assert.equal((await register(t.app, person(EMAIL))).statusCode, 201);
    });

    for (const client of CLIENTS) {
      test(client.name, async () => {
        const response = await fetch(`${origin}${BASE}/token`, {
          method: 'POST',
          headers: client.headers,
          body: new URLSearchParams(client.body).toString(),
        });
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(response.headers.get('cache-control'), 'no-store');
        const tokens = (await response.json()) as { access_token: string; token_type: string };
        assert.equal(tokens.token_type.toLowerCase(), 'bearer');

        const me = await fetch(`${origin}${BASE}/users/me/`, {
          headers: { authorization: `${tokens.token_type} ${tokens.access_token}`, accept: 'application/json' },
        });
        assert.equal(me.status, 200);
        assert.equal(((await me.json()) as { courriel: string }).courriel, EMAIL);
      });
    }

    test('a wrong password reaches the client as 401 with WWW-Authenticate: Bearer', async () => {
      const client = CLIENTS[0]!;
      const response = await fetch(`${origin}${BASE}/token`, {
        method: 'POST',
        headers: client.headers,
        body: new URLSearchParams({ ...client.body, password: 'pas le bon mot de passe' }).toString(),
      });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.deepEqual(await response.json(), { detail: 'Identifiants incorrects' });
    });
  });
}
