// The composition rules crdm layers on the core policy (its document): one
// lower-case and one upper-case letter, a digit and a symbol, in any script.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compositionRules } from '../../../src/apis/crdm/password-rules.js';

test('each missing class is named, all at once', () => {
  assert.deepEqual(compositionRules('abc'), ['missing_uppercase', 'missing_digit', 'missing_symbol']);
  assert.deepEqual(compositionRules('ABCDEFGH1!'), ['missing_lowercase']);
  assert.deepEqual(compositionRules('Abcdefgh!'), ['missing_digit']);
  assert.deepEqual(compositionRules('Abcdefgh1'), ['missing_symbol']);
  assert.deepEqual(compositionRules('Abcdefg1!'), []);
});

test('letters and digits of any script count; a space is a special character', () => {
  assert.deepEqual(compositionRules('Éléphant 9'), []);
  assert.deepEqual(compositionRules('ÖSTERREICH١!'), ['missing_lowercase']);
});
