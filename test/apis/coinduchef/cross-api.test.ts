// The same accounts on every API, on both databases: someone who registers on Coin
// du Chef gets the address-confirmation mail (read from a real SMTP server on
// loopback) and, once it is confirmed, signs in on myclass (which wants a confirmed
// address) and on /v1/token; a myclass account signs in here.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { startMailServer, type MailServer } from '../../helpers/mail-server.js';
import { activateInStore, addAccount, failure, call as myclassCall, login as myclassLogin, PWD } from '../../helpers/myclass-client.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { useTestApp } from '../../helpers/test-app.js';
import { CDC_PASSWORD, call, person, register, token } from '../../helpers/coinduchef-client.js';

for (const dialect of dialects) {
  describe(`coinduchef accounts on the other APIs on ${dialect.name}`, () => {
    let smtp: MailServer;
    const env: Record<string, string> = { PUBLIC_URL: 'https://sesame.example.org' };
    before(async () => {
      smtp = await startMailServer();
      env.SMTP_URL = smtp.url;
    });
    after(async () => smtp.close());
    const t = useTestApp(dialect, { env });

    test('registered here: confirmation mail, then sign-in on myclass and /v1/token', async () => {
      assert.equal((await register(t.app, person('partout@example.com'))).statusCode, 201);
      const mail = await smtp.waitFor('partout@example.com');
      assert.match(mail.link ?? '', /^https:\/\/sesame\.example\.org\/account\/verify-email\?token=/);
      assert.equal((await passwordGrant(t.app, 'partout@example.com', CDC_PASSWORD)).statusCode, 200);

      const before = await myclassCall(t.app, 'login', { Email: 'partout@example.com', Pwd: CDC_PASSWORD });
      assert.match(failure(before), /activ/i, 'myclass wants a confirmed address');
      // What the hosted page does with the mailed token.
      await t.core.verification.confirm(new URL(mail.link!).searchParams.get('token')!);
      const myclassToken = await myclassLogin(t.app, 'partout@example.com', CDC_PASSWORD);
      assert.ok(myclassToken.length > 10);
    });

    test('a myclass account signs in here with the same password', async () => {
      assert.equal((await addAccount(t.app, 'classe@example.com')).answer.status, true);
      await activateInStore(t.store, 'classe@example.com');
      const issued = await token(t.app, 'classe@example.com', PWD);
      assert.equal(issued.statusCode, 200);
      const me = (await call(t.app, 'GET', '/users/me/', issued.json().access_token)).json();
      assert.equal(me.courriel, 'classe@example.com');
      assert.equal(me.role, 'UTILISATEUR');
    });
  });
}
