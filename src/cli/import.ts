// `sesame import FILE --api NAME [--format jsonl|csv] [--dry-run] [--report FILE] [--batch N]`
// Streams the file in batches; each batch is one transaction (store/import-batch.ts),
// written while the next one is read, checked and its digests wrapped.
// Exit code: 0 nothing rejected, 1 some records rejected, 2 unusable command line or input.

import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { IMPORT_APIS, type ImportApi } from '../core/import/fields.js';
import type { ImportAction } from '../core/import/plan.js';
import { parseImportRecord, type ImportRecord } from '../core/import/record.js';
import { wrapDigest } from '../core/legacy-hashes/wrap.js';
import { createArgon2Hasher } from '../core/password-hasher.js';
import { emailsWithPassword, importBatch } from '../store/import-batch.js';
import { adapterMigrations } from '../apis/domains.js';
import { pauseSearchMerges, type BulkTarget } from '../store/bulk-insert.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { formatFromName, readRecords, type InputFormat, type InputItem } from './import-input.js';
import { startProgress } from './progress.js';

export const IMPORT_USAGE = 'sesame import FILE --api myclass|userapi|coinduchef|crdm|native [--format jsonl|csv] [--dry-run] [--report FILE]';

export class UsageError extends Error {}

interface Tally {
  imported: number;
  merged: number;
  unchanged: number;
  rejected: number;
  wrapped: number;
}

interface Rejection {
  line: number;
  reason: string;
}

const PRINTED_REJECTIONS = 100;

function readOptions(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      api: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`import needs exactly one FILE.\nUsage: ${IMPORT_USAGE}`);
  const file = positionals[0]!;
  const api = values.api;
  if (!api || !(IMPORT_APIS as readonly string[]).includes(api)) {
    throw new UsageError(`--api must be one of ${IMPORT_APIS.join(', ')}${api ? ` (got "${api}")` : ''}.\nUsage: ${IMPORT_USAGE}`);
  }
  const format = (values.format ?? formatFromName(file)) as InputFormat | null;
  if (format !== 'jsonl' && format !== 'csv') {
    throw new UsageError(
      values.format
        ? `--format must be jsonl or csv (got "${values.format}").`
        : `Cannot tell the format of ${file} from its extension (.jsonl, .ndjson or .csv): give --format jsonl|csv.`,
    );
  }
  const batch = values.batch === undefined ? 1000 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new UsageError('--batch must be an integer from 1 to 1000.');
  return { file, api: api as ImportApi, format, dryRun: values['dry-run'] ?? false, report: values.report ?? null, batch };
}

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export async function importCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(args);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  let size: number;
  try {
    const info = await stat(options.file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    console.error(`Cannot read ${options.file}: ${(error as Error).message}`);
    return 2;
  }

  // The bare database, not the service's store: the import writes through the
  // SQLite connection itself (store/bulk-insert.ts).
  const { db, dialect, raw } = openDatabase(config.databaseUrl);
  const store: BulkTarget & { close(): Promise<void> } = {
    db,
    dialect,
    ...(raw.dialect === 'sqlite' ? { sqlite: raw.database } : {}),
    close: () => db.destroy(),
  };
  try {
    await migrateToLatest(db, dialect, adapterMigrations);
  } catch (error) {
    await store.close();
    throw error;
  }
  const hasher = createArgon2Hasher(config.argon2);
  const report = options.report ? createWriteStream(options.report) : null;
  const tally: Tally = { imported: 0, merged: 0, unchanged: 0, rejected: 0, wrapped: 0 };
  const rejections: Rejection[] = [];
  const reject = (r: Rejection) => {
    tally.rejected += 1;
    if (rejections.length < PRINTED_REJECTIONS) rejections.push(r);
    report?.write(`${JSON.stringify(r)}\n`);
  };
  const started = performance.now();
  const input = readRecords(options.file, options.format);
  const progress = startProgress(options.dryRun ? 'import (dry run)' : 'import', size);
  let seen = 0;

  // Two stages: while one batch is written (one transaction), the next is read,
  // checked and its digests wrapped (libuv's pool), so neither waits for the other.
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  /** Emails of the batch being written that carry a hash: whether they end with a password is not known yet. */
  let inFlight = new Set<string>();
  const written = async () => {
    await writing;
    if (failure) throw failure.error;
  };

  const runBatch = async (items: InputItem[]) => {
    const now = new Date();
    const records: ImportRecord[] = [];
    const refused: Rejection[] = [];
    for (const item of items) {
      if ('error' in item) {
        refused.push({ line: item.line, reason: item.error });
        continue;
      }
      const parsed = parseImportRecord(item.raw, options.api, item.line, now);
      if (parsed.ok) records.push(parsed.record);
      else refused.push({ line: parsed.line, reason: parsed.reason });
    }
    if (!options.dryRun) tally.wrapped += await wrapDigests(store, records, inFlight, written, (text) => hasher.hash(text));
    await written();
    inFlight = new Set(records.filter((r) => r.hash !== null).map((r) => r.emailKey));
    writing = importBatch(store, records, { now, dryRun: options.dryRun, defaultLocale: 'en' }).then(
      (actions) => {
        count(actions, tally, refused);
        for (const r of refused.sort((x, y) => x.line - y.line)) reject(r);
        seen += items.length;
        progress.update(input.bytesRead(), seen);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  const resumeSearchMerges = options.dryRun ? () => {} : pauseSearchMerges(store);
  const finish = async () => {
    progress.stop();
    try {
      resumeSearchMerges();
    } catch (error) {
      console.error(`The search index's merges stay paused (${(error as Error).message}); the next import sets them back.`);
    }
    await store.close();
  };
  try {
    let items: InputItem[] = [];
    for await (const item of input.items) {
      items.push(item);
      if (items.length >= options.batch) {
        await runBatch(items);
        items = [];
      }
    }
    if (items.length) await runBatch(items);
    await written();
  } catch (error) {
    await writing;
    await finish();
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR')) {
      console.error(`Cannot read ${options.file}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  progress.update(size, seen);
  await finish();
  if (report) await new Promise<void>((resolve, reject) => report.end((error?: Error | null) => (error ? reject(error) : resolve())));

  const seconds = (performance.now() - started) / 1000;
  const total = tally.imported + tally.merged + tally.unchanged + tally.rejected;
  for (const r of rejections) console.error(`${options.file}:${r.line}: rejected: ${r.reason}`);
  if (tally.rejected > rejections.length) console.error(`… ${tally.rejected - rejections.length} more rejections${report ? ` in ${options.report}` : ' (use --report FILE for all)'}`);
  console.log(
    `${options.dryRun ? 'Dry run (nothing written): ' : ''}${tally.imported} imported, ${tally.merged} merged, ${tally.unchanged} unchanged, ` +
      `${tally.rejected} rejected, ${tally.wrapped} wrapped; ${total} records in ${seconds.toFixed(1)} s ` +
      `(${Math.round(total / Math.max(seconds, 0.001))} records/s).`,
  );
  return tally.rejected > 0 ? 1 : 0;
}

function count(actions: ImportAction[], tally: Tally, refused: Rejection[]): void {
  for (const action of actions) {
    if (action.kind === 'create') tally.imported += 1;
    else if (action.kind === 'merge' || action.kind === 'merge-pending') tally.merged += 1;
    else if (action.kind === 'unchanged') tally.unchanged += 1;
    else refused.push({ line: action.line, reason: action.reason });
  }
}

/**
 * Wraps the unsalted digests (userapi) in argon2id, every core busy, for the records
 * whose account does not hold a password already. It runs while the previous batch
 * is written: an email that batch may give a password is decided once it is written
 * (`written`), so no argon2id is spent on a hash the import would not keep.
 * Returns how many were wrapped.
 */
async function wrapDigests(
  store: BulkTarget,
  records: ImportRecord[],
  inFlight: Set<string>,
  written: () => Promise<void>,
  hash: (text: string) => Promise<string>,
): Promise<number> {
  const toWrap = records.filter((r) => r.hash?.kind === 'wrap');
  if (toWrap.length === 0) return 0;
  const wrap = (record: ImportRecord) => {
    const digest = record.hash as Extract<ImportRecord['hash'], { kind: 'wrap' }>;
    return wrapDigest(hash, digest.format, digest.digest).then((wrapped) => {
      record.hash = { kind: 'store', hash: wrapped, format: `wrapped-${digest.format}` };
    });
  };
  const settled = await emailsWithPassword(store, toWrap.map((r) => r.emailKey));
  const needed = toWrap.filter((r) => !settled.has(r.emailKey));
  const now = needed.filter((r) => !inFlight.has(r.emailKey));
  await eachLimited(now, availableParallelism(), wrap);
  const later = needed.filter((r) => inFlight.has(r.emailKey));
  if (later.length === 0) return now.length;
  await written();
  const settledSince = await emailsWithPassword(store, later.map((r) => r.emailKey));
  const rest = later.filter((r) => !settledSince.has(r.emailKey));
  await eachLimited(rest, availableParallelism(), wrap);
  return now.length + rest.length;
}
