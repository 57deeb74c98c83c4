// `sesame clients create` on a real database of each kind: the printed client id
// and secret work against the running provider's token endpoint.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { startTestApp } from '../helpers/test-app.js';
import { sesame } from '../helpers/cli.js';


for (const dialect of dialects) {
  describe(`sesame clients on ${dialect.name}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(async () => database.drop());

    test('clients create prints client_id and client_secret on lines of their own; they pass client_credentials', async () => {
      const run = await sesame(['clients', 'create', '--name', 'Grafana', '--redirect-uri', 'https://grafana.example.com/cb', '--first-party'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr);
      const id = /^client_id: (\S+)$/m.exec(run.stdout)?.[1];
      const secret = /^client_secret: (\S+)$/m.exec(run.stdout)?.[1];
      assert.ok(id && secret, run.stdout);
      const t = await startTestApp(database);
      try {
        const stored = await t.domains.oidc.clients.find(id);
        assert.equal(stored?.firstParty, true);
        const token = await t.app.inject({
          method: 'POST', url: '/oidc/token',
          headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'grant_type=client_credentials',
        });
        assert.equal(token.statusCode, 200, token.body);
        const wrong = await t.app.inject({
          method: 'POST', url: '/oidc/token',
          headers: { authorization: `Basic ${Buffer.from(`${id}:not-the-secret`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'grant_type=client_credentials',
        });
        assert.equal(wrong.statusCode, 401);
      } finally {
        await t.close();
      }
    });

    test('a public client prints no secret; a missing --redirect-uri is a usage error', async () => {
      const run = await sesame(['clients', 'create', '--name', 'App', '--redirect-uri', 'com.example.app:/cb', '--public'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^client_id: \S+$/m);
      assert.doesNotMatch(run.stdout, /client_secret/);
      const missing = await sesame(['clients', 'create', '--name', 'App'], { DATABASE_URL: database.url });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /--redirect-uri/);
    });
  });
}
