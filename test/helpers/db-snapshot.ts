// The whole database as one comparable value: every row of every table, in key
// order. Tables whose writes on a refused request are deliberate are left out:
// audit_events (failed sign-ins are audited), sign_in_throttles (failures are
// counted) and Kysely's own migration tables.

import { sql } from 'kysely';
import type { KyselyStore } from '../../src/store/store.js';

const DELIBERATE_ON_REFUSAL = new Set(['audit_events', 'sign_in_throttles']);

export async function snapshotDatabase(store: KyselyStore): Promise<string> {
  const tables = (await store.db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !DELIBERATE_ON_REFUSAL.has(name))
    .sort();
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Date ? value.toISOString() : value)));
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
