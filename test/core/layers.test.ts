// Dependencies point down only (docs/ARCHITECTURE.md): the kernel imports nothing
// outside src/core and no web or database library, and neither the kernel nor the
// store imports an API adapter or the HTTP layer. A file that breaks the rule is
// named here, before it becomes a cycle.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every module a file imports: packages by name, relative paths as paths from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(([, spec]) =>
    spec!.startsWith('.') ? relative(process.cwd(), resolve(dirname(file), spec!)) : spec!,
  );
}

const PERSISTENCE_AND_HTTP = /^(fastify|@fastify\/|kysely|pg|better-sqlite3|nodemailer)/;

test('the kernel imports only itself and pure libraries, and never reads process.env', () => {
  const broken = sourceFiles('src/core').flatMap((file) => [
    ...importsOf(file)
      .filter((spec) => (spec.startsWith('src/') && !spec.startsWith('src/core/')) || PERSISTENCE_AND_HTTP.test(spec))
      .map((spec) => `${file} imports ${spec}`),
    ...(/process\.env/.test(readFileSync(file, 'utf8')) ? [`${file} reads process.env`] : []),
  ]);
  assert.deepEqual(broken, []);
});

test('neither the kernel nor the store imports an API adapter, the HTTP layer, the pages or the CLI', () => {
  const upward = /^src\/(apis|http|web|cli)\//;
  const broken = [...sourceFiles('src/core'), ...sourceFiles('src/store')].flatMap((file) =>
    importsOf(file)
      .filter((spec) => upward.test(spec))
      .map((spec) => `${file} imports ${spec}`),
  );
  assert.deepEqual(broken, []);
});
