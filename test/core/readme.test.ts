// The README's configuration table is the one list of variables an operator reads:
// each variable of src/config.ts once, with its real default, and nothing else.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_VARIABLES } from '../../src/config.js';

const readme = readFileSync('README.md', 'utf8');

/** The rows of the table under "## Configuration": [name, default cell]. */
function configurationRows(text: string): [string, string][] {
  const section = text.split(/^## /m).find((part) => part.startsWith('Configuration'));
  assert.ok(section, 'the README has a "## Configuration" section');
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)].map((match) => [match[1]!, match[2]!.trim()]);
}

const shown = (value: string) => (value === '' ? '(unset)' : `\`${value}\``);

test('the README says how to start and how to test', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
});

test('the configuration table lists each variable once', () => {
  const names = configurationRows(readme).map(([name]) => name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  assert.deepEqual(twice, [], 'rows written more than once');
});

test('the configuration table and src/config.ts name the same variables, with the same defaults', () => {
  const rows = new Map(configurationRows(readme));
  const variables = Object.keys(CONFIG_VARIABLES);
  assert.deepEqual(variables.filter((name) => !rows.has(name)), [], 'in src/config.ts, missing from the README');
  assert.deepEqual([...rows.keys()].filter((name) => !Object.hasOwn(CONFIG_VARIABLES, name)), [], 'in the README, unknown to src/config.ts');
  for (const [name, { default: value }] of Object.entries(CONFIG_VARIABLES)) {
    assert.equal(rows.get(name), shown(value), `${name}'s default`);
  }
});

test('the documents point into the repository, never outside it', () => {
  for (const file of ['README.md', 'SECURITY.md', 'BENCHMARKS.md', 'docs/ARCHITECTURE.md']) {
    const text = readFileSync(file, 'utf8');
    const outside = [...text.matchAll(/(?:\]\(|`)(\.\.\/[^)`\s]*)/g)].map((match) => match[1]);
    assert.deepEqual(outside, [], `${file}: paths that leave the repository`);
    assert.doesNotMatch(text, /DESIGN\.md/, `${file}: DESIGN.md is not in the repository`);
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      assert.ok(existsSync(join(dirname(file), target!)), `${file} links to ${target}, which does not exist`);
    }
  }
  assert.match(readme, /docs\/ARCHITECTURE\.md/);
});
