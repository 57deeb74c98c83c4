// `sesame reset-mfa --email E` on a real database of each kind: the only admin lost
// their authenticator and recovery codes; the operator removes the factors, the
// password alone signs in again, the reset is audited; usage errors exit 1.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { enableTotp } from '../helpers/mfa.js';
import { PASSWORD, passwordGrant } from '../helpers/native-client.js';
import { TestClock, useTestApp } from '../helpers/test-app.js';
import { sesame } from '../helpers/cli.js';


for (const dialect of dialects) {
  describe(`sesame reset-mfa on ${dialect.name}`, () => {
    const clock = new TestClock(new Date());
    const t = useTestApp(dialect, { clock });

    test('removes the factors of the account named; the password alone signs in again; audited from the cli', async () => {
      const { user } = await t.core.accounts.createOrPromoteAdmin('only-admin@example.com', PASSWORD);
      const signIn = await passwordGrant(t.app, 'only-admin@example.com');
      await enableTotp(t.app, signIn.json().access_token, clock.now());
      assert.equal((await passwordGrant(t.app, 'only-admin@example.com')).statusCode, 403);

      const run = await sesame(['reset-mfa', '--email', 'Only-Admin@example.com'], { DATABASE_URL: t.database.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Removed the second factors of only-admin@example\.com/);
      assert.equal((await passwordGrant(t.app, 'only-admin@example.com')).statusCode, 200);
      const events = await t.store.audit.listForUser(user.id, 20);
      const reset = events.find((event) => event.action === 'mfa.reset');
      assert.ok(reset);
      assert.equal(reset.api, 'cli');
      assert.equal(reset.actorUserId, null);
    });

    test('an unknown email or a missing --email exits 1 with a message', async () => {
      const unknown = await sesame(['reset-mfa', '--email', 'nobody@example.com'], { DATABASE_URL: t.database.url });
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /No account with the email nobody@example\.com/);
      const missing = await sesame(['reset-mfa'], { DATABASE_URL: t.database.url });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /reset-mfa needs --email/);
    });
  });
}
