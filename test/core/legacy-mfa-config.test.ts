// LEGACY_MFA: refuse by default, allow when the operator says so, and a clear
// message for anything else.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

test('LEGACY_MFA is refuse by default, allow on request, and anything else is named in the error', () => {
  assert.equal(loadConfig({}).legacyMfa, 'refuse');
  assert.equal(loadConfig({ LEGACY_MFA: 'Allow' }).legacyMfa, 'allow');
  assert.throws(
    () => loadConfig({ LEGACY_MFA: 'sometimes' }),
    (error: unknown) => error instanceof ConfigError && error.problems.some((p) => /LEGACY_MFA="sometimes" must be one of refuse, allow/.test(p)),
  );
});
