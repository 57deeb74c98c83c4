// The whole database as one comparable value: every row of every table, in key
// order. Tables whose writes on a refused request are deliberate are left out:
// audit_events (failed sign-ins are audited), sign_in_throttles (failures are
// counted), rate_limits (a refused attempt still spends its per-IP or per-account
// budget) and Kysely's own migration tables. One column too: a session's
// last_seen_at, which any authenticated request may slide (at most once a minute),
// even one then refused for its content.

import { sql } from 'kysely';
import type { KyselyStore } from '../../src/store/store.js';

const DELIBERATE_ON_REFUSAL = new Set(['audit_events', 'sign_in_throttles', 'rate_limits']);
const DELIBERATE_COLUMNS: Record<string, string> = { sessions: 'last_seen_at' };

export async function snapshotDatabase(store: KyselyStore): Promise<string> {
  const tables = (await store.db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !DELIBERATE_ON_REFUSAL.has(name))
    .sort();
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    const skipped = DELIBERATE_COLUMNS[table];
    const lines = rows.map((row) =>
      JSON.stringify(row, (key, value: unknown) => (key === skipped ? undefined : value instanceof Date ? value.toISOString() : value)),
    );
    parts.push(`${table}:${lines.sort().join('\n')}`);
  }
  return parts.join('\n\n');
}

/** Row counts per table, for assertions that read better than a whole snapshot. */
export async function rowCounts(store: KyselyStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await store.db.introspection.getTables()) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)}`.execute(store.db);
    counts[table.name] = Number(rows[0]!.n);
  }
  return counts;
}
