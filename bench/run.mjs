// `npm run bench` runs every suite; `npm run bench -- me refresh` runs those named.
// Builds dist/ first (the servers under test run the compiled code, as `npm start`
// does), writes the raw measurements of each suite to bench/results/, and prints
// each table as Markdown, ready for BENCHMARKS.md.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createContext } from './lib/context.mjs';
import { timing } from './lib/load.mjs';

const SUITES = ['me', 'metrics', 'seeds', 'password', 'refresh', 'admin-list', 'better-auth', 'memory', 'import'];

const root = fileURLToPath(new URL('..', import.meta.url));
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !SUITES.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${SUITES.join(', ')}`);
  process.exit(2);
}
const selected = asked.length ? asked : SUITES;

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadavg: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function table(rows) {
  const lines = ['| benchmark | measured | reference (same run) | ratio | goal | met |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.benchmark} | ${row.value} | ${row.reference} | ${row.ratio} | ${row.goal} | ${row.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

// BENCH_NO_BUILD=1 reuses dist/ as it is (a second bench running beside a first).
if (process.env.BENCH_NO_BUILD !== '1') {
  console.log('Building dist/ …');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

const ctx = createContext();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(`${root}/bench/results`, { recursive: true });
let failed = false;
try {
  for (const name of selected) {
    console.log(`\n## ${name}`);
    const startedAt = new Date().toISOString();
    const before = machine();
    try {
      const { run } = await import(`./suites/${name}.mjs`);
      const result = await run(ctx);
      const record = {
        suite: name,
        startedAt,
        finishedAt: new Date().toISOString(),
        command: `npm run bench -- ${name}`,
        timing,
        machine: before,
        loadavgAfter: machine().loadavg,
        ...result,
      };
      const file = `bench/results/${stamp}-${name}.json`;
      writeFileSync(`${root}/${file}`, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`\n${table(result.rows)}\n\nraw: ${file}`);
    } catch (error) {
      failed = true;
      console.error(`${name} failed:`, error);
    }
  }
} finally {
  await ctx.close();
}
process.exit(failed ? 1 : 0);
