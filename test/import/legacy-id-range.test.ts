// An id far beyond any account's, in every route of a legacy API that takes a user id
// (and so asks which account shows that id there), is an ordinary "no such user",
// never a 500 from the database (PostgreSQL refused to compare it; found by the fuzzer).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signedIn } from '../helpers/coinduchef-client.js';
import { dialects } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';

const HUGE = '999999999999';

for (const dialect of dialects) {
  describe(`ids beyond any account on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test('coinduchef /utilisateurs/{id} answers in its own shape, GET and HEAD', async () => {
      const { token } = await signedIn(t.app, 'range@example.com');
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await t.app.inject({
          method,
          url: `/coinduchef-auth/utilisateurs/${HUGE}`,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.ok([403, 404].includes(response.statusCode), `${method}: ${response.statusCode} ${response.body}`);
      }
    });
  });
}
