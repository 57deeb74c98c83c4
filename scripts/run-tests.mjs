// The whole test suite: every test/**/*.test.ts on SQLite and PostgreSQL. When
// TEST_DATABASE_URL is not given, a throwaway PostgreSQL cluster is started for the
// run and stopped after it. PostgreSQL is never skipped: without it the run fails.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startPostgresCluster } from './postgres-cluster.mjs';

// `--stress`: the suites too long for every run (crash safety, sustained load),
// named *.stress.ts; `npm run test:stress` and CI run them.
const stress = process.argv.includes('--stress');
const suffix = stress ? '.stress.ts' : '.test.ts';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

const filters = process.argv.slice(2).filter((arg) => arg !== '--stress');
const files = testFiles('test')
  .map((file) => relative('.', file))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

let cluster = null;
if (!process.env.TEST_DATABASE_URL) {
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    console.error(`Cannot start PostgreSQL for the tests: ${error.message}`);
    process.exit(1);
  }
  process.env.TEST_DATABASE_URL = cluster.url;
  console.log(`PostgreSQL for this run: ${cluster.url}`);
}

const stop = () => cluster?.stop();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${stress ? 1 : 2}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: process.env },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
