// The composition rules an API may layer on the core policy (crdm's document):
// one lower-case and one upper-case letter, a digit and a symbol, in any script.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword } from '../../src/core/password-policy.js';

const crdm = { minLength: 8, composition: true };

test('each missing class is named, all at once', () => {
  assert.deepEqual(checkPassword('abc', crdm), ['too_short', 'missing_uppercase', 'missing_digit', 'missing_symbol']);
  assert.deepEqual(checkPassword('ABCDEFGH1!', crdm), ['missing_lowercase']);
  assert.deepEqual(checkPassword('Abcdefgh!', crdm), ['missing_digit']);
  assert.deepEqual(checkPassword('Abcdefgh1', crdm), ['missing_symbol']);
  assert.deepEqual(checkPassword('Abcdefg1!', crdm), []);
});

test('letters and digits of any script count; a space is a special character', () => {
  assert.deepEqual(checkPassword('Éléphant 9', crdm), []);
  assert.deepEqual(checkPassword('ÖSTERREICH١!', crdm), ['missing_lowercase']);
});

test('without composition, the core policy asks for none of them', () => {
  assert.deepEqual(checkPassword('all lower case words', { minLength: 12 }), []);
});
