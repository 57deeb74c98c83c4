// The core password policy (NIST SP 800-63B): length bounds counted in characters,
// the common-password blocklist whatever the case, not the email or its local
// part, no composition rules; and the settings every flow is built with use it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commonPasswordCount, isCommonPassword } from '../../src/core/common-passwords.js';
import { isCoreError } from '../../src/core/errors.js';
import { assertPasswordAllowed, checkPassword, corePasswordPolicy } from '../../src/core/password-policy.js';
import { coreSettings } from '../../src/services.js';
import { testConfig } from '../helpers/test-app.js';

const policy = corePasswordPolicy(12);
const email = 'Marie.Curie@Example.com';

describe('core password policy', () => {
  test('the blocklist holds tens of thousands of common passwords, looked up in any case', () => {
    assert.ok(commonPasswordCount() >= 10_000, `only ${commonPasswordCount()} passwords`);
    assert.equal(isCommonPassword('password'), true);
    assert.equal(isCommonPassword('PassWord'), true);
    assert.equal(isCommonPassword('correct horse battery staple'), false);
  });

  test('a long enough, uncommon password passes, with no composition rules', () => {
    assert.deepEqual(checkPassword('correct horse battery staple', policy, { email }), []);
    assert.deepEqual(checkPassword('onlylowercaseletters', policy, { email }), []);
    assert.deepEqual(checkPassword('x'.repeat(256), policy, { email }), []);
  });

  test('length is bounded: at least the minimum, at most 256, counted in characters', () => {
    assert.deepEqual(checkPassword('elevenchars', policy), ['too_short']);
    assert.deepEqual(checkPassword('twelve chars', policy), []);
    assert.deepEqual(checkPassword('x'.repeat(257), policy), ['too_long']);
    // Eleven emoji are 22 UTF-16 units but eleven characters.
    assert.deepEqual(checkPassword('🔑'.repeat(11), policy), ['too_short']);
    assert.deepEqual(checkPassword('🔑'.repeat(12), policy), []);
  });

  test('common passwords are refused whatever their case or length', () => {
    assert.deepEqual(checkPassword('qwerty123456', policy), ['common_password']);
    assert.deepEqual(checkPassword('QWERTY123456', policy), ['common_password']);
    assert.deepEqual(checkPassword('Password', policy), ['too_short', 'common_password']);
  });

  test('the email and its local part are refused, in any case; containing them is fine', () => {
    assert.deepEqual(checkPassword('marie.curie@example.com', policy, { email }), ['contains_email']);
    assert.deepEqual(checkPassword('MARIE.CURIE@EXAMPLE.COM', policy, { email }), ['contains_email']);
    assert.deepEqual(checkPassword('marie.curie.lab', policy, { email }), []);
    assert.deepEqual(checkPassword('marie.curie.', policy, { email: 'Marie.Curie.@example.com' }), ['contains_email']);
    assert.deepEqual(checkPassword('marie.curie and radium', policy, { email }), []);
  });

  test('every broken rule is named at once', () => {
    const short = checkPassword('a@b.co', corePasswordPolicy(12), { email: 'a@b.co' });
    assert.deepEqual(short, ['too_short', 'contains_email']);
    assert.throws(
      () => assertPasswordAllowed('password', policy),
      (e) => isCoreError(e, 'policy_violation') && JSON.stringify(e.details.rules) === '["too_short","common_password"]',
    );
  });

  test('PASSWORD_MIN_LENGTH sets the minimum of the policy every flow uses', () => {
    const settings = coreSettings(testConfig('sqlite::memory:', { PASSWORD_MIN_LENGTH: '8' }));
    assert.deepEqual(checkPassword('abcdefgh', settings.passwordPolicy), []);
    assert.deepEqual(checkPassword('iloveyou', settings.passwordPolicy), ['common_password']);
    assert.deepEqual(checkPassword('x'.repeat(257), settings.passwordPolicy), ['too_long']);
    assert.deepEqual(checkPassword('zq9!xv', coreSettings(testConfig('sqlite::memory:')).passwordPolicy), ['too_short']);
  });
});
