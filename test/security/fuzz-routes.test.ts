// Fuzzing every route of every API mounted in the app (read from the route
// catalogue, so a seed API is fuzzed as soon as it is registered): hostile bodies,
// queries, headers and paths. Never a 5xx, always the API's own error shape,
// nothing leaked, and a refused request leaves the database exactly as it was.
// FUZZ_RUNS (per route, default 8) and FUZZ_SEED reproduce or deepen a run.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { mountedRoutes, type MountedRoute } from '../../src/http/route-catalog.js';
import { errorShapeProblem, isRefusal, leakProblem } from '../helpers/api-shapes.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { snapshotDatabase } from '../helpers/db-snapshot.js';
import { HOSTILE_STRINGS, hostileObject, hostileValue, type JsonObject } from '../helpers/hostile.js';
import { PASSWORD, signUp } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=----x',
  'application/JSON',
  '',
];
const RAW_BODIES = ['{"a":', '[', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '"text"', '\u0000', '{}'.repeat(1000)];

/** Lone surrogates cannot be percent-encoded; the server sees U+FFFD instead. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encode = (text: string) => encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'));

function schemaFields(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function formEncode(object: JsonObject): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(object)) params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  return params.toString();
}

const PARAMETER = /:[A-Za-z0-9_]+(\([^)]*\))?|\*$/g;
const pathSegment = fc.oneof(
  hostileValue.map((value) => encode(String(value))),
  fc.constantFrom('1', '0', '-1', '999999999999', 'me', '%2e%2e', '..%2f..%2fpackage.json', '%ZZ'),
);
const optional = <T>(arbitrary: fc.Arbitrary<T>, freq: number) => fc.option(arbitrary, { nil: undefined, freq });

/**
 * What one hostile request to `route` is made of; `toInject` turns it into a request
 * with the bearer token of the moment (a success may have ended the previous one).
 */
function hostileRequest(route: MountedRoute) {
  return fc.record({
    path: fc.array(pathSegment, { minLength: (route.url.match(PARAMETER) ?? []).length, maxLength: (route.url.match(PARAMETER) ?? []).length }),
    query: hostileObject(schemaFields(route.schema?.querystring)),
    auth: fc.constantFrom('valid', 'hostile', 'none', 'none'),
    hostileBearer: fc.constantFrom(...HOSTILE_STRINGS),
    accessToken: optional(hostileValue, 5),
    cookie: optional(fc.constantFrom(...HOSTILE_STRINGS), 5),
    acceptLanguage: optional(fc.constantFrom(...HOSTILE_STRINGS), 5),
    forwardedFor: optional(fc.constantFrom('::1', '999.1.1.1', 'a, b, c', "' OR 1=1"), 10),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    body: fc.oneof({ arbitrary: hostileObject(schemaFields(route.schema?.body)), weight: 4 }, { arbitrary: hostileValue, weight: 1 }),
    rawBody: optional(fc.constantFrom(...RAW_BODIES), 7),
  });
}

type HostileRequest = ReturnType<typeof hostileRequest> extends fc.Arbitrary<infer T> ? T : never;

function toInject(route: MountedRoute, recipe: HostileRequest, bearer: string): InjectOptions {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(recipe.query)) query[key] = typeof value === 'string' ? value : JSON.stringify(value);
  if (recipe.auth === 'valid') headers.authorization = `Bearer ${bearer}`;
  if (recipe.auth === 'hostile') headers.authorization = `Bearer ${encode(recipe.hostileBearer)}`;
  if (recipe.accessToken !== undefined) headers['x-access-token'] = encode(String(recipe.accessToken));
  if (recipe.cookie !== undefined) headers.cookie = `session=${encode(recipe.cookie)}; XSRF-TOKEN=%00`;
  if (recipe.acceptLanguage !== undefined) headers['accept-language'] = encode(recipe.acceptLanguage).slice(0, 200);
  if (recipe.forwardedFor !== undefined) headers['x-forwarded-for'] = recipe.forwardedFor;

  const segments = [...recipe.path];
  const filled = route.url.replace(PARAMETER, () => segments.shift() ?? '1');
  const request: InjectOptions = { method: route.method, url: filled.startsWith('/') ? filled : `/${filled}`, headers, query };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) {
    if (recipe.contentType) headers['content-type'] = recipe.contentType;
    const body = recipe.body;
    if (recipe.rawBody !== undefined) request.payload = recipe.rawBody;
    else if (recipe.contentType === 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      request.payload = formEncode(body);
    } else request.payload = JSON.stringify(body);
  }
  return request;
}

for (const dialect of dialects) {
  describe(`fuzzing every mounted route on ${dialect.name} (seed ${SEED}, ${RUNS} runs per route)`, () => {
    let database: TestDatabase;
    let sesame: TestApp;
    let bearer = '';

    const newBearer = async () => {
      const user = (await sesame.core.accounts.findByEmail('fuzz-owner@example.com'))!;
      const started = await sesame.core.sessions.start(user, { api: 'test', ip: null, userAgent: null });
      bearer = (await sesame.core.accessTokens.issue(user, started.session)).token;
    };

    before(async () => {
      database = await dialect.create();
      sesame = await startTestApp(database);
      assert.equal((await signUp(sesame.app, 'fuzz-owner@example.com', PASSWORD)).statusCode, 201);
      await sesame.core.accounts.createOrPromoteAdmin('fuzz-admin@example.com', PASSWORD);
      await newBearer();
    });
    after(async () => {
      await sesame.close();
      await database.drop();
    });

    test('the catalogue holds the routes of every mounted API', () => {
      const apis = new Set(mountedRoutes(sesame.app).map((route) => route.api));
      assert.ok(apis.has('native'));
      assert.ok(mountedRoutes(sesame.app).some((route) => route.url === '/v1/token'));
    });

    test('hostile requests: never a 5xx, the API error shape, no leak, no write when refused', async () => {
      const routes = mountedRoutes(sesame.app);
      let requests = 0;
      let refused = 0;
      const refusedApis = new Set<string>();
      for (const [index, route] of routes.entries()) {
        const check = async (recipe: HostileRequest) => {
          // Work an earlier accepted request set off after its answer (mail) is not this request's.
          await sesame.core.background.settled();
          const before = await snapshotDatabase(sesame.store);
          const request = toInject(route, recipe, bearer);
          const response = await sesame.app.inject(request);
          requests++;
          const where = `${route.method} ${route.url} (${route.api}): ${JSON.stringify(request).slice(0, 400)}`;
          assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 300)} for ${where}`);
          const shape = route.method === 'HEAD' ? null : errorShapeProblem(route, response);
          assert.equal(shape, null, `${shape} for ${where}`);
          assert.equal(leakProblem(response), null, where);
          if (isRefusal(route, response)) {
            refused++;
            refusedApis.add(route.api);
            await sesame.core.background.settled();
            assert.equal(await snapshotDatabase(sesame.store), before, `a refused request wrote to the database: ${where}`);
          } else if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) {
            await newBearer(); // a success may have ended the session (logout, delete)
          }
        };
        // One seed per route from FUZZ_SEED: fast-check's report names it, and the run
        // is reproduced with FUZZ_SEED alone.
        await fc.assert(fc.asyncProperty(hostileRequest(route), check), { seed: SEED + index, numRuns: RUNS });
      }
      const apis = [...new Set(routes.map((route) => route.api))].join(', ');
      assert.deepEqual([...refusedApis].sort().join(', '), [...new Set(routes.map((route) => route.api))].sort().join(', '), 'every API refused some hostile requests');
      console.log(`fuzz on ${dialect.name}: ${routes.length} routes of ${apis}, ${requests} requests, ${refused} refused, seed ${SEED}`);
    });
  });
}
