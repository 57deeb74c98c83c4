// Registering OpenID Connect clients through the native API (admin only), the
// secret shown once and stored hashed, and the routes described in /openapi.json.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, signedInAs } from '../../helpers/native-admin.js';
import { useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`/v1/clients on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test('an admin registers a confidential client: 201 with the secret once; the database keeps only its hash', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'admin@example.com');
      const created = await call(t.app, 'POST', '/v1/clients', admin.access_token, {
        name: 'Grafana', redirect_uris: ['https://grafana.example.com/login/generic_oauth'],
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json<{ client_id: string; client_secret: string; public: boolean; id_token_signed_response_alg: string }>();
      assert.equal(body.public, false);
      assert.equal(body.id_token_signed_response_alg, 'RS256');
      assert.match(body.client_secret, /^[A-Za-z0-9_-]{43}$/);
      const stored = await t.domains.oidc.clients.find(body.client_id);
      assert.ok(stored && stored.secretHash && stored.secretHash !== body.client_secret);

      const read = await call(t.app, 'GET', `/v1/clients/${body.client_id}`, admin.access_token);
      assert.equal(read.statusCode, 200);
      assert.equal('client_secret' in read.json(), false, 'never shown again');
      const list = await call(t.app, 'GET', '/v1/clients', admin.access_token);
      assert.ok(list.json<{ items: { client_id: string }[] }>().items.some((c) => c.client_id === body.client_id));

      const rotated = await call(t.app, 'POST', `/v1/clients/${body.client_id}/secret`, admin.access_token);
      assert.equal(rotated.statusCode, 200);
      assert.notEqual(rotated.json<{ client_secret: string }>().client_secret, body.client_secret);

      const patched = await call(t.app, 'PATCH', `/v1/clients/${body.client_id}`, admin.access_token, { first_party: true, id_token_signed_response_alg: 'ES256' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json<{ first_party: boolean }>().first_party, true);

      assert.equal((await call(t.app, 'DELETE', `/v1/clients/${body.client_id}`, admin.access_token)).statusCode, 204);
      assert.equal((await call(t.app, 'GET', `/v1/clients/${body.client_id}`, admin.access_token)).statusCode, 404);
    });

    test('a public client has no secret; rotating one is refused', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'admin2@example.com');
      const created = await call(t.app, 'POST', '/v1/clients', admin.access_token, {
        name: 'Mobile', redirect_uris: ['com.example.app:/callback'], public: true,
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json<{ client_id: string }>();
      assert.equal('client_secret' in body, false);
      assert.equal((await call(t.app, 'POST', `/v1/clients/${body.client_id}/secret`, admin.access_token)).statusCode, 400);
    });

    test('a redirect URI over plain http off loopback, or with a fragment, is a 400 problem', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'admin3@example.com');
      for (const uri of ['http://app.example.com/cb', 'https://app.example.com/cb#x', 'javascript:alert(1)']) {
        const response = await call(t.app, 'POST', '/v1/clients', admin.access_token, { name: 'X', redirect_uris: [uri] });
        assert.equal(response.statusCode, 400, uri);
        assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
      }
    });

    test('a user or a moderator cannot register or list clients', async () => {
      for (const [role, email] of [['USER', 'user@example.com'], ['MODERATOR', 'mod@example.com']] as const) {
        const actor = await signedInAs(t, role, email);
        assert.equal((await call(t.app, 'POST', '/v1/clients', actor.access_token, { name: 'X', redirect_uris: ['https://x.example/cb'] })).statusCode, 403);
        assert.equal((await call(t.app, 'GET', '/v1/clients', actor.access_token)).statusCode, 403);
      }
      assert.equal((await call(t.app, 'GET', '/v1/clients')).statusCode, 401);
    });

    test('/openapi.json documents the client and consent routes', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, object> }>();
      for (const path of ['/v1/clients', '/v1/clients/{id}', '/v1/clients/{id}/secret', '/v1/me/consents', '/v1/me/consents/{client_id}']) {
        assert.ok(path in doc.paths, path);
      }
    });
  });
}
