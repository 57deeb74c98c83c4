// The README documents every configuration variable with its real default.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_VARIABLES } from '../../src/config.js';

test('every environment variable is in the README with its default', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
  for (const [name, { default: value }] of Object.entries(CONFIG_VARIABLES)) {
    const shown = value === '' ? '(unset)' : `\`${value}\``;
    assert.ok(readme.includes(`| \`${name}\` | ${shown} |`), `${name} with default ${shown}`);
  }
});
