// `sesame copy --to DATABASE_URL`: the whole deployment from DATABASE_URL (typically
// the embedded SQLite) into another database (typically PostgreSQL), which `copy`
// migrates itself. Every table of the schema, in one read snapshot of the source
// and one transaction on the target, then a row count check per table: the target
// is complete or untouched. Sessions, refresh tokens and signing keys come along,
// so nobody is signed out.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { openDatabase, type DialectName } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { adapterMigrations } from '../apis/domains.js';
import { batchSize, countRows, idSequence, insertRows, readPages, setIdSequence, tablesToCopy } from '../store/copy-tables.js';
import { GENERATED_KEY_FILE } from '../store/secrets-key.js';
import { openStore } from '../store/store.js';
import { startProgress } from './progress.js';

export const COPY_USAGE = 'sesame copy --to DATABASE_URL';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export async function copyCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { to: { type: 'string' } } });
  const to = values.to;
  if (!to || !(to.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(to))) {
    console.error(`copy needs --to sqlite:PATH or --to postgres://…\nUsage: ${COPY_USAGE}`);
    return 2;
  }
  if (to === config.databaseUrl) {
    console.error('copy: --to names the database DATABASE_URL already names.');
    return 2;
  }
  const source = await openStore(config.databaseUrl, { migrations: adapterMigrations });
  const target = openDatabase(to);
  try {
    await migrateToLatest(target.db, target.dialect, adapterMigrations);
    const tables = await tablesToCopy(source.db, source.dialect);
    const targetTables = new Set((await tablesToCopy(target.db, target.dialect)).map((t) => t.name));
    const missing = tables.filter((t) => !targetTables.has(t.name)).map((t) => t.name);
    if (missing.length) throw new Error(`the target lacks tables after migrating: ${missing.join(', ')}`);
    const accounts = await countRows(target.db, 'users');
    if (accounts > 0) {
      console.error(`copy: ${redact(to)} already holds ${accounts} accounts; copy only into an empty database (or one that only ran the migrations).`);
      return 1;
    }

    const started = performance.now();
    const counts = new Map<string, number>();
    await source.db
      .transaction()
      .setIsolationLevel(source.dialect === 'postgres' ? 'repeatable read' : 'serializable')
      .execute(async (read) => {
        for (const table of tables) counts.set(table.name, await countRows(read, table.name));
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        const progress = startProgress('copy', total);
        let done = 0;
        await target.db.transaction().execute(async (write) => {
          // No accounts: what the target holds came from its migrations (or a start
          // without users: signing keys), and the source holds its own copy of it.
          for (const table of [...tables].reverse()) await write.deleteFrom(table.name as 'users').execute();
          for (const table of tables) {
            for await (const page of readPages(read, source.dialect, table, batchSize(table.columns.length))) {
              await insertRows(write, target.dialect, table.name, page);
              done += page.length;
              progress.update(done, done);
            }
            if (table.columns.includes('id')) {
              const next = await nextId(read, source.dialect, table.name);
              await setIdSequence(write, target.dialect, table.name, next);
            }
          }
          progress.stop();
          const wrong: string[] = [];
          for (const table of tables) {
            const copied = await countRows(write, table.name);
            if (copied !== counts.get(table.name)) wrong.push(`${table.name}: ${counts.get(table.name)} in the source, ${copied} copied`);
          }
          if (wrong.length) throw new Error(`row counts differ, nothing was kept: ${wrong.join('; ')}`);
        });
      });
    const seconds = (performance.now() - started) / 1000;
    for (const table of tables) console.log(`  ${table.name}: ${counts.get(table.name)} rows`);
    console.log(`Copied ${tables.length} tables to ${redact(to)} in ${seconds.toFixed(1)} s; every row count matches.`);
    console.log(`Start the service with DATABASE_URL=${redact(to)}: sessions and signing keys came along, nobody is signed out.`);
    console.log(secretsKeyNote(config));
    return 0;
  } finally {
    await target.db.destroy();
    await source.close();
  }
}

/** Where the target's id sequence must stand: past the source's sequence and its highest id. */
async function nextId(db: Parameters<typeof countRows>[0], dialect: DialectName, table: string): Promise<number> {
  const sequence = (await idSequence(db, dialect, table)) ?? 0;
  const row = await db.selectFrom(table).select(sql<number | null>`max(id)`.as('m')).executeTakeFirst();
  const highest = Number(row?.m ?? 0);
  // Text ids (sessions, tokens) have no sequence to carry.
  return Math.max(sequence, Number.isSafeInteger(highest) ? highest : 0);
}

/** Secrets encrypted at rest (signing keys…) open only with the key they were sealed with. */
function secretsKeyNote(config: Readonly<Config>): string {
  const { key, keyFile } = config.secrets;
  if (key) return 'Secrets key: SECRETS_KEY of this environment; give the service on the target the same SECRETS_KEY.';
  if (keyFile) return `Secrets key: the file ${resolve(keyFile)} (SECRETS_KEY_FILE); give the service on the target the same file.`;
  if (existsSync(GENERATED_KEY_FILE)) {
    return (
      `Secrets key: generated in ${resolve(GENERATED_KEY_FILE)}; give every process on the target the same key ` +
      `(SECRETS_KEY_FILE=${resolve(GENERATED_KEY_FILE)}, or SECRETS_KEY=$(cat ${GENERATED_KEY_FILE})).`
    );
  }
  return `Secrets key: none yet (no ${GENERATED_KEY_FILE}, no SECRETS_KEY or SECRETS_KEY_FILE); the target's first start makes one.`;
}
