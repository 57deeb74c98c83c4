// No password, password hash, token or token hash in any log line: a full run at
// LOG_LEVEL=trace (sign-up, sign-ins right and wrong, refresh, profile, logout,
// replay, throttling, then every mounted route called with secrets in its body,
// query, headers and cookies), then the captured log is searched for every secret
// the run handled and every hash the database holds.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { mountedRoutes } from '../../src/http/route-catalog.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { bearer, passwordGrant, refreshGrant, signUp, type Tokens } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET_PASSWORD = 'Sesame-secret-password-7731';
const WRONG_PASSWORD = 'Sesame-wrong-password-4419';
const PROBE = 'Probe-secret-value-90210';

/** Every column that holds a hash or a secret, whatever migrations have landed. */
const SECRET_COLUMN = /(hash|secret|private|password|token)/i;

async function storedSecrets(sesame: TestApp): Promise<string[]> {
  const secrets: string[] = [];
  for (const table of await sesame.store.db.introspection.getTables()) {
    const columns = table.columns.map((c) => c.name).filter((name) => SECRET_COLUMN.test(name));
    if (columns.length === 0) continue;
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table.name)}`.execute(sesame.store.db);
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === 'string' && value.length >= 16) secrets.push(value);
  }
  return secrets;
}

for (const dialect of dialects) {
  describe(`no secret in the logs on ${dialect.name}`, () => {
    let database: TestDatabase;
    let sesame: TestApp;

    before(async () => {
      database = await dialect.create();
      sesame = await startTestApp(database, { env: { LOG_LEVEL: 'trace' } });
    });
    after(async () => {
      await sesame.close();
      await database.drop();
    });

    test('a full run logs requests but none of the secrets it handled', async () => {
      const handled: string[] = [SECRET_PASSWORD, WRONG_PASSWORD, PROBE];
      assert.equal((await signUp(sesame.app, 'logs@example.com', SECRET_PASSWORD)).statusCode, 201);
      assert.equal((await passwordGrant(sesame.app, 'logs@example.com', WRONG_PASSWORD)).statusCode, 400);
      const first = (await passwordGrant(sesame.app, 'logs@example.com', SECRET_PASSWORD)).json<Tokens>();
      const second = (await refreshGrant(sesame.app, first.refresh_token)).json<Tokens>();
      assert.equal((await refreshGrant(sesame.app, first.refresh_token)).statusCode, 400, 'replay');
      const third = (await passwordGrant(sesame.app, 'logs@example.com', SECRET_PASSWORD)).json<Tokens>();
      handled.push(first.access_token, first.refresh_token, second.access_token, second.refresh_token, third.access_token, third.refresh_token);
      for (const token of [first.refresh_token, second.refresh_token]) handled.push(token.split('.')[1]!);
      await sesame.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(third.access_token) });
      await sesame.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(third.access_token), payload: { first_name: 'Zoé' } });
      await sesame.app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(third.access_token), payload: { password: WRONG_PASSWORD } });
      for (let i = 0; i < 11; i++) await passwordGrant(sesame.app, 'locked@example.com', WRONG_PASSWORD);

      // Every route, secrets everywhere a client might put them.
      for (const route of mountedRoutes(sesame.app)) {
        const url = route.url.replace(/:[A-Za-z0-9_]+/g, '1').replace(/\*$/, 'x');
        const secretQuery = { password: PROBE, pass: PROBE, token: PROBE, refresh_token: PROBE, data: JSON.stringify({ password: PROBE }) };
        await sesame.app.inject({
          method: route.method,
          url: url.startsWith('/') ? url : `/${url}`,
          query: secretQuery,
          headers: {
            authorization: `Bearer ${third.access_token}`,
            'x-access-token': PROBE,
            'x-xsrf-token': PROBE,
            cookie: `sesame_session=${PROBE}; XSRF-TOKEN=${PROBE}`,
            ...(['GET', 'HEAD', 'OPTIONS'].includes(route.method) ? {} : { 'content-type': 'application/json' }),
          },
          ...(['GET', 'HEAD', 'OPTIONS'].includes(route.method)
            ? {}
            : { payload: { email: 'logs@example.com', password: PROBE, current_password: PROBE, new_password: PROBE, token: PROBE } }),
        });
      }
      await sesame.app.inject({ method: 'POST', url: '/v1/logout', headers: bearer(third.access_token) });

      const log = sesame.logs.join('');
      assert.ok(sesame.logs.length > 50, 'the run was logged');
      assert.match(log, /"request_id"/);
      const secrets = [...handled, ...(await storedSecrets(sesame))];
      assert.ok(secrets.length > handled.length, 'the database holds hashes to look for');
      for (const secret of secrets) {
        assert.ok(!log.includes(secret), `a secret is in the log: ${secret.slice(0, 12)}…`);
      }
      assert.doesNotMatch(log, /\$argon2/);
    });

    test('every log line written while serving a request carries its request id', () => {
      const lines = sesame.logs.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      const requestLines = lines.filter((line) => 'req' in line || 'res' in line || 'err' in line);
      assert.ok(requestLines.length > 0);
      for (const line of requestLines) assert.match(String(line.request_id), /^[0-9a-f-]{36}$/, JSON.stringify(line).slice(0, 200));
    });
  });
}
