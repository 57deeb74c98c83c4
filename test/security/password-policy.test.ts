// The password policy every API shares (ASVS 6.2): long passwords and any
// composition accepted, common passwords and the email refused, the password
// checked exactly as typed.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { passwordGrant, signUp } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`password policy on ${dialect.name}`, () => {
    const sesame = useTestApp(dialect);

    const rulesOf = async (email: string, password: string) => {
      const response = await signUp(sesame.app, email, password);
      return response.statusCode === 201 ? 'accepted' : `${response.statusCode} ${(response.json().rules ?? []).join(',')}`;
    };

    test('a password from the common-password list is refused whatever its case', async () => {
      assert.equal(await rulesOf('common1@example.com', 'qwerty123456'), '422 common_password');
      assert.equal(await rulesOf('common2@example.com', 'QWERTY123456'), '422 common_password');
    });

    test('the email or its local part is refused as a password', async () => {
      assert.equal(await rulesOf('long.local.part@example.com', 'long.local.part@example.com'), '422 contains_email');
      assert.equal(await rulesOf('long.local.part@example.com', 'LONG.LOCAL.PART'), '422 contains_email');
    });

    test('no composition rules; 64 and 256 characters accepted, 257 refused', async () => {
      assert.equal(await rulesOf('lower@example.com', 'only lower case letters here'), 'accepted');
      assert.equal(await rulesOf('sixtyfour@example.com', 'p'.repeat(32) + 'é'.repeat(32)), 'accepted');
      assert.equal(await rulesOf('max@example.com', 'm'.repeat(200) + '🔑'.repeat(56)), 'accepted');
      assert.equal(await rulesOf('over@example.com', 'o'.repeat(257)), '422 too_long');
    });

    test('the password is checked exactly as typed: no trimming, no case folding, no truncation', async () => {
      const password = 'Exact Password Check 123';
      assert.equal((await signUp(sesame.app, 'exact@example.com', password)).statusCode, 201);
      for (const variant of [` ${password}`, `${password} `, password.toLowerCase(), password.slice(0, -1)]) {
        assert.equal((await passwordGrant(sesame.app, 'exact@example.com', variant)).statusCode, 400, JSON.stringify(variant));
      }
      assert.equal((await passwordGrant(sesame.app, 'exact@example.com', password)).statusCode, 200);
    });
  });
}
