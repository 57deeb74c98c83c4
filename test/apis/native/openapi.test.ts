// /openapi.json: a valid OpenAPI 3.1 document (checked by @readme/openapi-parser,
// which validates against the official 3.1 schema and the spec's own rules) that
// describes every native route with every status it answers, with security
// schemes an integrator can generate a client from; /docs renders it.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { dialects } from '../../helpers/databases.js';
import { useTestApp } from '../../helpers/test-app.js';

interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security?: Record<string, string[]>[];
  tags?: string[];
  summary?: string;
  requestBody?: { content: Record<string, { schema: object }> };
}
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
};

/** Every native route and the statuses it must document. */
const EXPECTED: Record<string, string[]> = {
  'post /v1/signup': ['201', '400', '409', '422'],
  'post /v1/token': ['200', '400', '429'],
  'get /v1/me': ['200', '401'],
  'patch /v1/me': ['200', '400', '401', '409'],
  'delete /v1/me': ['204', '400', '401', '409'],
  'post /v1/logout': ['204', '401'],
  'post /v1/me/password': ['204', '400', '401', '422'],
  'get /v1/me/sessions': ['200', '401'],
  'delete /v1/me/sessions/{id}': ['204', '401', '404'],
  'get /v1/users': ['200', '400', '401', '403'],
  'post /v1/users': ['201', '400', '401', '403', '409'],
  'get /v1/users/{id}': ['200', '400', '401', '403', '404'],
  'patch /v1/users/{id}': ['200', '400', '401', '403', '404', '409'],
  'delete /v1/users/{id}': ['204', '400', '401', '403', '404', '409'],
  'post /v1/users/{id}/restore': ['200', '400', '401', '403', '404'],
  'get /v1/users/{id}/events': ['200', '400', '401', '403', '404'],
  'get /v1/users/{id}/sessions': ['200', '400', '401', '403', '404'],
  'delete /v1/users/{id}/sessions': ['200', '400', '401', '403', '404'],
  'delete /v1/users/{id}/sessions/{sid}': ['204', '400', '401', '403', '404'],
  'post /v1/users/{id}/unlock': ['204', '400', '401', '403', '404'],
  'post /v1/users/{id}/resend-invitation': ['202', '400', '401', '403', '404', '429'],
  'post /v1/users/{id}/resend-verification': ['202', '400', '401', '403', '404', '429'],
  'get /v1/audit-events': ['200', '400', '401', '403'],
  'get /v1/mail/outbox': ['200', '400', '401', '403'],
  'post /v1/mail/outbox/{id}/retry': ['202', '400', '401', '403', '404'],
  'get /.well-known/jwks.json': ['200'],
  'get /healthz': ['200', '503'],
};

// One database is enough: the document does not depend on it (the suite still
// runs on both, like every API suite).
for (const dialect of dialects) {
  describe(`native /openapi.json on ${dialect.name}`, () => {
    let doc: Doc;
    const t = useTestApp(dialect);

    before(async () => {
      const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
      assert.equal(response.statusCode, 200);
      doc = response.json<Doc>();
    });

    test('validates as OpenAPI 3.1', async () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      // The parser dereferences in place: give it a copy.
      const result = await validate(structuredClone(doc) as never);
      assert.equal(result.valid, true, result.valid ? '' : compileErrors(result));
      assert.equal(result.specification, 'OpenAPI');
    });

    test('every native route is there with every status it answers', () => {
      for (const [route, statuses] of Object.entries(EXPECTED)) {
        const [method, path] = route.split(' ') as [string, string];
        const operation = doc.paths[path]?.[method];
        assert.ok(operation, `${route} is missing`);
        for (const status of statuses) {
          assert.ok(operation.responses[status], `${route} does not document ${status}`);
          assert.ok(operation.responses[status].description, `${route} ${status} has no description`);
        }
        assert.ok(operation.summary, `${route} has no summary`);
      }
    });

    test('errors are documented as they are sent: application/problem+json (the token endpoint: OAuth2 JSON)', () => {
      for (const [route, statuses] of Object.entries(EXPECTED)) {
        const [method, path] = route.split(' ') as [string, string];
        const responses = doc.paths[path]![method]!.responses;
        for (const status of statuses.filter((s) => s.startsWith('4'))) {
          const types = Object.keys(responses[status]!.content ?? {});
          const expected = path === '/v1/token' ? ['application/json'] : ['application/problem+json'];
          assert.deepEqual(types, expected, `${route} ${status}`);
        }
      }
    });

    test('security: bearer JWT and the OAuth2 password flow at the token endpoint', () => {
      const schemes = doc.components.securitySchemes;
      assert.deepEqual(schemes.bearer, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      assert.equal(schemes.oauth2?.type, 'oauth2');
      assert.deepEqual(schemes.oauth2?.flows, {
        password: { tokenUrl: 'http://localhost:3000/v1/token', scopes: {} },
      });
      for (const route of Object.keys(EXPECTED).filter((r) => r.includes('/v1/me') || r.includes('/v1/users'))) {
        const [method, path] = route.split(' ') as [string, string];
        const security = doc.paths[path]![method]!.security ?? [];
        assert.ok(security.some((s) => 'bearer' in s), `${route} does not say it takes a bearer token`);
      }
    });

    test('examples: the user, the session and the administration bodies carry one', () => {
      const text = JSON.stringify(doc.paths['/v1/users']);
      assert.match(text, /"examples":\[/);
      assert.match(JSON.stringify(doc.paths['/v1/me/sessions']), /"examples":\[/);
      assert.match(JSON.stringify(doc.paths['/v1/me/password']), /"example/);
    });

    test('/docs renders the document', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/docs/' });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /swagger/i);
      const config = await t.app.inject({ method: 'GET', url: '/docs/json' });
      assert.equal(config.statusCode, 200);
      assert.equal(config.json().openapi, doc.openapi);
    });
  });
}
