// What every suite shares in one `npm run bench`: a scratch directory for SQLite
// files, one throwaway PostgreSQL cluster (started on first use), the ceiling.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster } from '../../scripts/postgres-cluster.mjs';
import { measure } from './load.mjs';
import { startServerProcess } from './processes.mjs';

const CEILING_SERVER = fileURLToPath(new URL('../servers/ceiling.mjs', import.meta.url));

export function createContext() {
  const scratch = mkdtempSync(join(tmpdir(), 'sesame-bench-'));
  let cluster = null;
  let databases = 0;

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

    /** The bare Fastify `GET /ping` in a process of its own, measured at `connections`. */
    async ceiling(connections) {
      const server = await startServerProcess(CEILING_SERVER);
      try {
        return await measure(`ceiling GET /ping -c ${connections}`, { url: `${server.url}/ping`, connections });
      } finally {
        await server.stop();
      }
    },

    close() {
      cluster?.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** One line of a result table. */
export function ratioRow(benchmark, measured, reference, goal) {
  const ratio = measured.rps / reference.rps;
  return {
    benchmark,
    value: `${measured.rps.toFixed(0)} req/s (p99 ${measured.p99Ms} ms)`,
    reference: `${reference.label}: ${reference.rps.toFixed(reference.rps < 100 ? 1 : 0)}/s`,
    ratio: Number(ratio.toFixed(3)),
    goal: `≥ ${goal}`,
    met: ratio >= goal,
  };
}
