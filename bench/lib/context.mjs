// What every suite shares in one `npm run bench`: a scratch directory for SQLite
// files, one throwaway PostgreSQL cluster (started on first use), the ceiling.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster } from '../../scripts/postgres-cluster.mjs';
import { timedRun } from './load.mjs';
import { startServerProcess } from './processes.mjs';

const CEILING_SERVER = fileURLToPath(new URL('../servers/ceiling.mjs', import.meta.url));

export function createContext() {
  const scratch = mkdtempSync(join(tmpdir(), 'sesame-bench-'));
  let cluster = null;
  let databases = 0;
  let ceiling = null;

  return {
    scratch,

    /** A fresh, empty database of that dialect. */
    async database(dialect, name) {
      databases++;
      if (dialect === 'sqlite') return `sqlite:${join(scratch, `${name}-${databases}.db`)}`;
      cluster ??= await startPostgresCluster();
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      const database = `bench_${name.replace(/\W/g, '_')}_${databases}`;
      await admin.query(`create database ${database}`);
      await admin.end();
      return cluster.url.replace(/\/postgres$/, `/${database}`);
    },

    /** The bare Fastify `GET /ping` in a process of its own, started once per run. */
    async ceiling() {
      ceiling ??= await startServerProcess(CEILING_SERVER);
      return (connections) => (seconds) =>
        timedRun(`ceiling -c ${connections}`, { url: `${ceiling.url}/ping`, connections }, seconds);
    },

    async close() {
      await ceiling?.stop();
      cluster?.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** One line of a result table, from a measurePaired result. */
export function ratioRow(benchmark, paired, goal) {
  const { subject, reference, ratio } = paired;
  const rate = (r) => r.rps.toFixed(r.rps < 100 ? 1 : 0);
  return {
    benchmark,
    value: `${rate(subject)} req/s (p99 ${subject.p99Ms} ms)`,
    reference: `${paired.referenceLabel}: ${rate(reference)}/s`,
    ratio: Number(ratio.toFixed(3)),
    goal: `≥ ${goal}`,
    met: ratio >= goal,
  };
}
