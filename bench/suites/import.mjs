// `sesame import` speed: a generated file of IMPORT_BENCH_RECORDS (default 1,000,000)
// coinduchef records with bcrypt hashes into SQLite and into PostgreSQL, records/s
// and the highest RSS of the import process (it streams: RSS must not grow with the
// file). The import does not verify hashes, so the file reuses 300 real bcrypt hashes.
// Then userapi's unsalted digests, which are wrapped in argon2id at import, on a sample
// of IMPORT_BENCH_WRAP_SAMPLE records, against raw argon2id hashing with every core busy.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { argon2Params, argon2Runner } from '../lib/argon2-rate.mjs';
import { sesameEnv } from '../lib/sesame.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const RECORDS = Number(process.env.IMPORT_BENCH_RECORDS ?? 1_000_000);
const WRAP_SAMPLE = Number(process.env.IMPORT_BENCH_WRAP_SAMPLE ?? 2000);
const HASHES = 300;

async function writeFile(file, count, record) {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(record(i))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs the CLI; returns its records/s line and the highest RSS read from /proc while it ran. */
async function importRun(file, api, databaseUrl, env = {}) {
  const child = spawn(process.execPath, [CLI, 'import', file, '--api', api], { env: { ...process.env, ...sesameEnv(databaseUrl), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  let peak = 0;
  const sample = () => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (rss) peak = Math.max(peak, Number(rss[1]) * 1024);
    } catch {
      /* ended */
    }
  };
  const timer = setInterval(sample, 100);
  const started = performance.now();
  const [code] = await once(child, 'close');
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import into ${databaseUrl.split(':')[0]} exited ${code}: ${stderr.slice(-500)}`);
  const rate = Number(/\((\d+) records\/s\)/.exec(stdout)?.[1] ?? NaN);
  console.log(`  ${api} → ${databaseUrl.split(':')[0]}: ${stdout.trim()} (wall ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB)`);
  return { rate, seconds, peakRss: peak, stdout: stdout.trim() };
}

const row = (benchmark, value, reference, ratio, goal, met) => ({ benchmark, value, reference, ratio, goal, met });

export async function run(ctx) {
  const hashes = Array.from({ length: HASHES }, (_, i) => bcrypt.hashSync(`bench password ${i}`, 10));
  const file = join(ctx.scratch, 'coinduchef.jsonl');
  await writeFile(file, RECORDS, (i) => ({
    id: i + 1,
    courriel: `chef${i}@bench.test`,
    prenom: 'Paul',
    nom: `Cuisinier ${i}`,
    role: 'UTILISATEUR',
    password_hash: hashes[i % HASHES],
  }));
  const rows = [];
  const measurements = {};
  for (const [dialect, goal] of [['sqlite', 20000], ['postgres', 5000]]) {
    const result = await importRun(file, 'coinduchef', await ctx.database(dialect, `import-${dialect}`));
    measurements[dialect] = result;
    rows.push(row(`import ${RECORDS} bcrypt records → ${dialect}`, `${result.rate} records/s`, '—', '—', `≥ ${goal} records/s`, result.rate >= goal));
    const mib = result.peakRss / 2 ** 20;
    rows.push(row(`import RSS, ${dialect}`, `${mib.toFixed(0)} MiB peak`, '—', '—', '≤ 300 MiB', mib <= 300));
  }

  // Wraps run at the service's real argon2id parameters (the default ones unless set).
  const params = argon2Params(process.env);
  const digest = (i) => Buffer.from(createHash('sha256').update(`userapi ${i}`).digest('base64')).toString('base64');
  const sample = join(ctx.scratch, 'userapi.jsonl');
  await writeFile(sample, WRAP_SAMPLE, (i) => ({ id: i + 1, email: `u${i}@bench.test`, password_hash: digest(i) }));
  const cores = availableParallelism();
  const wrap = await importRun(sample, 'userapi', await ctx.database('sqlite', 'import-wrap'));
  const raw = await (await argon2Runner('hash', params, cores))(Math.max(5, Math.min(30, wrap.seconds)));
  const ratio = wrap.rate / raw.rps;
  measurements.wrap = { ...wrap, rawArgon2idHashRate: raw.rps, cores, params };
  rows.push(
    row(
      `userapi wrap (argon2id of the digest), ${WRAP_SAMPLE} records`,
      `${wrap.rate} records/s`,
      `raw argon2id hash ×${cores}: ${raw.rps.toFixed(1)}/s`,
      Number(ratio.toFixed(3)),
      '≥ 0.8',
      ratio >= 0.8,
    ),
  );
  console.log(`  a million userapi records would take ~${(1_000_000 / wrap.rate / 3600).toFixed(1)} h at this rate`);
  return { rows, measurements, records: RECORDS, reusedBcryptHashes: HASHES };
}
