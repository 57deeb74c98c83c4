// Fuzzing every route of every API mounted in the app (read from the route
// catalogue, so a seed API is fuzzed as soon as it is registered): hostile bodies,
// queries, headers and paths. Never a 5xx, always the API's own error shape,
// nothing leaked, and a refused request leaves the database exactly as it was.
// FUZZ_RUNS (per route, default 8) and FUZZ_SEED reproduce or deepen a run.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { mountedRoutes, type MountedRoute } from '../../src/http/route-catalog.js';
import { errorShapeProblem, isRefusal, leakProblem } from '../helpers/api-shapes.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { snapshotDatabase } from '../helpers/db-snapshot.js';
import { HOSTILE_STRINGS, Random, hostileObject, hostileValue, type Json } from '../helpers/hostile.js';
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

function fillPath(url: string, random: Random): string {
  const segment = () =>
    random.chance(0.5) ? encode(String(hostileValue(random))) : random.pick(['1', '0', '-1', '999999999999', 'me', '%2e%2e', '..%2f..%2fpackage.json', '%ZZ']);
  const filled = url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, segment).replace(/\*$/, () => segment());
  return filled.startsWith('/') ? filled : `/${filled}`;
}

function formEncode(object: Record<string, Json>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(object)) params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  return params.toString();
}

function hostileRequest(route: MountedRoute, random: Random, bearer: string): InjectOptions {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(hostileObject(random, schemaFields(route.schema?.querystring)))) {
    query[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const auth = random.int(4);
  if (auth === 0) headers.authorization = `Bearer ${bearer}`;
  if (auth === 1) headers.authorization = `Bearer ${encode(random.pick(HOSTILE_STRINGS))}`;
  if (random.chance(0.2)) headers['x-access-token'] = encode(String(hostileValue(random)));
  if (random.chance(0.2)) headers.cookie = `session=${encode(random.pick(HOSTILE_STRINGS))}; XSRF-TOKEN=%00`;
  if (random.chance(0.2)) headers['accept-language'] = encode(random.pick(HOSTILE_STRINGS)).slice(0, 200);
  if (random.chance(0.1)) headers['x-forwarded-for'] = random.pick(['::1', '999.1.1.1', 'a, b, c', "' OR 1=1"]);

  const request: InjectOptions = { method: route.method, url: fillPath(route.url, random), headers, query };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) {
    const type = random.pick(CONTENT_TYPES);
    if (type) headers['content-type'] = type;
    const body = random.chance(0.8) ? hostileObject(random, schemaFields(route.schema?.body)) : hostileValue(random);
    if (random.chance(0.15)) request.payload = random.pick(RAW_BODIES);
    else if (type === 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      request.payload = formEncode(body as Record<string, Json>);
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
      const random = new Random(SEED);
      const routes = mountedRoutes(sesame.app);
      let requests = 0;
      let refused = 0;
      const refusedApis = new Set<string>();
      for (const route of routes) {
        for (let run = 0; run < RUNS; run++) {
          // Work an earlier accepted request set off after its answer (mail) is not this request's.
          await sesame.core.background.settled();
          const before = await snapshotDatabase(sesame.store);
          const request = hostileRequest(route, random, bearer);
          const response = await sesame.app.inject(request);
          requests++;
          const where = `${route.method} ${route.url} (${route.api}) seed ${SEED} run ${run}: ${JSON.stringify(request).slice(0, 400)}`;
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
        }
      }
      const apis = [...new Set(routes.map((route) => route.api))].join(', ');
      assert.deepEqual([...refusedApis].sort().join(', '), [...new Set(routes.map((route) => route.api))].sort().join(', '), 'every API refused some hostile requests');
      console.log(`fuzz on ${dialect.name}: ${routes.length} routes of ${apis}, ${requests} requests, ${refused} refused, seed ${SEED}`);
    });
  });
}
