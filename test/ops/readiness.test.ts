// /readyz tells a load balancer whether this Sésame can serve: the database answers
// and every migration the code knows is applied; 503 otherwise. /healthz stays the
// liveness check; metrics still answer without the database. The stopped database is a PostgreSQL cluster of the test's own.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { dialects } from '../helpers/databases.js';
import { startTestApp, useTestApp } from '../helpers/test-app.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { startPostgresCluster } from '../../scripts/postgres-cluster.mjs';

interface Cluster {
  url: string;
  stop(): void;
}

for (const dialect of dialects) {
  describe(`readiness on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test('ready when the database answers and is migrated; 503 while a migration is missing', async () => {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', database: 'ok', migrations: 'current' });

      const last = await t.store.db
        .selectFrom('kysely_migration' as never)
        .select(sql<string>`name`.as('name'))
        .orderBy(sql`name`, 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await sql`delete from kysely_migration where name = ${last.name}`.execute(t.store.db);
      try {
        const behind = await t.app.inject({ method: 'GET', url: '/readyz' });
        assert.equal(behind.statusCode, 503);
        assert.deepEqual(behind.json(), { status: 'unavailable', database: 'ok', migrations: 'pending', pending: [last.name] });
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'still alive');
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${new Date().toISOString()})`.execute(t.store.db);
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    });
  });
}

describe('readiness when PostgreSQL stops', () => {
  test('/readyz and /healthz answer 503 once the database is gone', async () => {
    const cluster = (await startPostgresCluster()) as Cluster;
    let stopped = false;
    try {
      const t = await startTestApp({ url: cluster.url, drop: async () => {} });
      try {
        assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
        // Only the probes use the database from here on.
        await t.mail.worker.stop();
        await t.webhooks.worker.stop();
        cluster.stop();
        stopped = true;
        const down = await t.app.inject({ method: 'GET', url: '/readyz' });
        assert.equal(down.statusCode, 503);
        assert.deepEqual(down.json(), { status: 'unavailable', database: 'unreachable', migrations: 'unknown' });
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 503);
        // Metrics still answer (a scrape is how the outage is seen), without the database's gauges.
        const { body } = await t.metrics.render();
        assert.match(body, /^process_cpu_user_seconds_total /m);
        assert.doesNotMatch(body, /^sesame_mail_outbox\{/m);
      } finally {
        await t.close().catch(() => {});
      }
    } finally {
      if (!stopped) cluster.stop();
    }
  });
});
