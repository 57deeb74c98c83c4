// An email address is a plain local@domain: addresses a mailer would read as a second
// recipient (`x<attacker@evil.example>.com`, `a,attacker@evil.example`), display
// names, quotes, comments and whitespace are refused by every API's sign-up or
// account-creation route exactly as it refuses "not-an-email", in its own shape,
// and no account is made.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import * as coinduchef from '../helpers/coinduchef-client.js';
import { Spa } from '../helpers/crdm-client.js';
import { createAdmin, CRDM_PASSWORD } from '../helpers/crdm-fixtures.js';
import { dialects } from '../helpers/databases.js';
import * as myclass from '../helpers/myclass-client.js';
import { signUp } from '../helpers/native-client.js';
import * as userapi from '../helpers/userapi-client.js';
import { useTestApp } from '../helpers/test-app.js';

const HOSTILE = [
  'x<attacker@evil.example>.com',
  'a,attacker@evil.example',
  'x＜attacker@evil.example＞.com', // full-width brackets: `<` and `>` once NFKC-normalised
  'a，attacker@evil.example', // full-width comma
  'Ana <ana@example.com>',
  '"ana"@example.com',
  'ana@example.com (work)',
  'ana lopez@example.com',
  'ana@exa mple.com',
  'ana@example.com;attacker@evil.example',
  'ana@[127.0.0.1]',
];

/** The body without what differs per request (request ids). */
const comparable = (res: LightMyRequestResponse) => {
  const body = res.json<Record<string, unknown>>();
  for (const key of ['instance', 'request_id', 'requestId']) delete body[key];
  return [res.statusCode, body];
};

for (const dialect of dialects) {
  describe(`email syntax on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    let crdmAdmin: Spa;
    before(async () => {
      await createAdmin(t);
      crdmAdmin = new Spa(t.app);
      await crdmAdmin.signIn('admin@crdm.test', CRDM_PASSWORD);
    });

    const routes: Record<string, (email: string) => Promise<LightMyRequestResponse>> = {
      native: (email) => signUp(t.app, email),
      userapi: (email) => userapi.register(t.app, userapi.registration({ email })),
      coinduchef: (email) => coinduchef.register(t.app, coinduchef.person(email)),
      myclass: (email) => myclass.addAccount(t.app, email),
      crdm: (email) =>
        crdmAdmin.request('POST', '/api/user', { name: 'Durand', first_name: 'Léa', title: 'Mme', phone_number: '+33600000000', email }),
    };

    const accounts = async () => (await t.store.db.selectFrom('users').select('email').execute()).map((r) => r.email);

    for (const [api, create] of Object.entries(routes)) {
      test(`${api} refuses addresses that are not plain local@domain as it refuses "not-an-email"`, async () => {
        const reference = comparable(await create('not-an-email'));
        assert.notEqual(reference[0], 500);
        const before = await accounts();
        for (const email of HOSTILE) assert.deepEqual(comparable(await create(email)), reference, `${api}: ${email}`);
        assert.deepEqual(await accounts(), before, 'no account was made');
        assert.ok(!(await accounts()).some((email) => email.includes('evil.example')));
      });
    }

    test('a plain address with an internationalised domain is accepted and kept as written', async () => {
      const res = await signUp(t.app, "  Ana.O'Neil+tag@Exämple.com ");
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().user.email, "Ana.O'Neil+tag@Exämple.com");
      const again = await signUp(t.app, "ana.o'neil+tag@xn--exmple-cua.COM");
      assert.equal(again.statusCode, 409, 'the punycode spelling of the domain is the same address');
    });
  });
}
