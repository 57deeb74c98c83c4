// Imports one batch of records in one transaction: reads what the batch touches,
// lets the kernel plan it (core/import/plan.ts), writes the plan with multi-row
// inserts. A batch is whole or absent, so an import killed mid-way and run again
// finds the committed batches unchanged and imports the rest.

import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { planBatch, type BatchLookups, type ImportAction, type KnownAccount, type PlannedRecord } from '../core/import/plan.js';
import { IMPORT_APIS } from '../core/import/fields.js';
import type { ImportRecord } from '../core/import/record.js';
import type { Locale } from '../core/model.js';
import type { DialectName } from './database.js';
import { insertMany, type BulkTarget, type ColumnType } from './bulk-insert.js';
import type { Database, UsersTable } from './schema.js';
import { normalizeUsername } from './users.js';
import { iso, isoOrNull, flag, toDateOrNull } from './values.js';

const LEGACY_APIS = IMPORT_APIS.filter((api) => api !== 'native');

const unique = <T>(values: (T | null | undefined)[]): T[] => [...new Set(values.filter((v): v is T => v != null))];

function knownFrom(row: Selectable<UsersTable>, hasPassword: boolean, legacyIds: Record<string, number>): KnownAccount {
  return {
    id: Number(row.id),
    emailKey: row.email_normalized,
    usernameKey: row.username_normalized,
    profile: {
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      title: row.title,
      phone: row.phone,
      birthdate: row.birthdate,
      locale: row.locale as Locale,
      addressStreet: row.address_street,
      addressCity: row.address_city,
      addressZip: row.address_zip,
      addressCountry: row.address_country,
      socialFacebook: row.social_facebook,
      socialTwitter: row.social_twitter,
      darkMode: null,
    },
    emailVerifiedAt: toDateOrNull(row.email_verified_at),
    hasPassword,
    legacyIds,
  };
}

/**
 * `column` is one of `values`, with one parameter whatever their number: the same
 * statement text for every batch (prepared once), and no query node per value.
 */
function oneOf(dialect: DialectName, column: string, values: (string | number)[], type: 'text' | 'bigint') {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${values}::${sql.raw(type)}[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
}

async function lookups(db: Kysely<Database>, dialect: DialectName, batch: PlannedRecord[]): Promise<BatchLookups> {
  const of = (column: string, values: (string | number)[], type: 'text' | 'bigint') => oneOf(dialect, column, values, type);
  const emails = unique(batch.map((b) => b.record.emailKey));
  const usernames = unique(batch.map((b) => b.usernameKey));
  const ids = unique(batch.flatMap((b) => [b.record.sesameId, ...Object.values(b.record.legacyIds)]));
  const [users, holders, legacyRows, idRows] = await Promise.all([
    db.selectFrom('users').selectAll().where(of('email_normalized', emails, 'text')).execute(),
    usernames.length
      ? db.selectFrom('users').select(['username_normalized', 'email_normalized']).where(of('username_normalized', usernames, 'text')).execute()
      : [],
    // Every API named, so that the (api, legacy_id) primary key serves the lookup.
    ids.length ? db.selectFrom('legacy_ids').selectAll().where('api', 'in', LEGACY_APIS).where(of('legacy_id', ids, 'bigint')).execute() : [],
    ids.length ? db.selectFrom('users').select('id').where(of('id', ids, 'bigint')).execute() : [],
  ]);
  const accountIds = unique([...users.map((u) => Number(u.id)), ...idRows.map((r) => Number(r.id))]);
  const [ownLegacy, credentials] = await Promise.all([
    accountIds.length ? db.selectFrom('legacy_ids').selectAll().where(of('user_id', accountIds, 'bigint')).execute() : [],
    users.length ? db.selectFrom('credentials').select('user_id').where(of('user_id', users.map((u) => Number(u.id)), 'bigint')).execute() : [],
  ]);
  const legacyOf = new Map<number, Record<string, number>>();
  for (const row of ownLegacy) (legacyOf.get(Number(row.user_id)) ?? legacyOf.set(Number(row.user_id), {}).get(Number(row.user_id))!)[row.api] = Number(row.legacy_id);
  const withPassword = new Set(credentials.map((c) => Number(c.user_id)));
  return {
    byEmail: new Map(users.map((u) => [u.email_normalized, knownFrom(u, withPassword.has(Number(u.id)), { ...legacyOf.get(Number(u.id)) })])),
    usernameOwner: new Map(holders.map((h) => [h.username_normalized!, h.email_normalized])),
    legacyOwner: new Map(legacyRows.map((r) => [`${r.api}:${Number(r.legacy_id)}`, Number(r.user_id)])),
    legacyIdsInUse: new Set(legacyRows.map((r) => Number(r.legacy_id))),
    byId: new Map(idRows.map((r) => [Number(r.id), { legacyIds: { ...legacyOf.get(Number(r.id)) } }])),
  };
}

/**
 * Each lookup names at most a batch of keys of a unique or primary-key index, so an
 * index scan is always the right plan. PostgreSQL's planner, working from statistics
 * that autovacuum renews only now and then (taken while the tables were empty), chose
 * whole-table scans instead: a 100,000-record import fell to 1,900 records/s and
 * would fall further with every batch. Within the batch's transaction only.
 */
async function indexLookupsOnly(trx: Transaction<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
}

/** Moves the users id sequence to at least `floor`, never back. */
async function moveIdSequence(trx: Transaction<Database>, dialect: DialectName, floor: number): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('users', 'id'), greatest(${floor}::bigint, nextval(pg_get_serial_sequence('users', 'id'))))`.execute(trx);
    return;
  }
  const moved = await sql`update sqlite_sequence set seq = max(seq, ${floor}) where name = 'users'`.execute(trx);
  if (!moved.numAffectedRows) await sql`insert into sqlite_sequence (name, seq) values ('users', ${floor})`.execute(trx);
}

const USER_COLUMNS = {
  email: 'text',
  email_normalized: 'text',
  email_verified_at: 'timestamptz',
  username: 'text',
  username_normalized: 'text',
  first_name: 'text',
  last_name: 'text',
  title: 'text',
  phone: 'text',
  birthdate: 'date',
  role: 'text',
  locale: 'text',
  address_street: 'text',
  address_city: 'text',
  address_zip: 'text',
  address_country: 'text',
  social_facebook: 'text',
  social_twitter: 'text',
  dark_mode: 'boolean',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  deleted_at: 'timestamptz',
} as const satisfies Record<string, ColumnType>;

/** A new account's row, in the order of USER_COLUMNS. */
function userRow(action: Extract<ImportAction, { kind: 'create' }>, now: Date, defaultLocale: Locale): unknown[] {
  const { account, record } = action;
  const p = account.profile;
  const created = iso(record.createdAt ?? now);
  return [
    record.email,
    record.emailKey,
    isoOrNull(account.emailVerifiedAt),
    p.username,
    normalizeUsername(p.username),
    p.firstName,
    p.lastName,
    p.title,
    p.phone,
    p.birthdate,
    action.role,
    p.locale ?? defaultLocale,
    p.addressStreet,
    p.addressCity,
    p.addressZip,
    p.addressCountry,
    p.socialFacebook,
    p.socialTwitter,
    flag(p.darkMode ?? false),
    created,
    created,
    isoOrNull(record.deletedAt),
  ];
}

async function write(trx: Transaction<Database>, target: BulkTarget, actions: ImportAction[], now: Date, defaultLocale: Locale) {
  const creates = actions.filter((a): a is Extract<ImportAction, { kind: 'create' }> => a.kind === 'create');
  const merges = actions.filter((a): a is Extract<ImportAction, { kind: 'merge' }> => a.kind === 'merge');
  let floor = 0;
  for (const c of creates) for (const id of [c.sesameId ?? 0, ...Object.values(c.account.legacyIds)]) floor = Math.max(floor, id);
  for (const m of merges) for (const id of Object.values(m.legacyIds)) floor = Math.max(floor, id);
  // First, so that no account created now takes an id a legacy API shows.
  if (floor > 0) await moveIdSequence(trx, target.dialect, floor);

  const idOf = new Map<string, number>();
  const kept = creates.filter((c) => c.sesameId !== null);
  const fresh = creates.filter((c) => c.sesameId === null);
  if (kept.length) {
    const columns = { id: 'bigint', ...USER_COLUMNS } as const;
    await insertMany(trx, target, 'users', columns, kept.map((c) => [c.sesameId, ...userRow(c, now, defaultLocale)]));
    for (const c of kept) idOf.set(c.record.emailKey, c.sesameId!);
  }
  if (fresh.length) {
    const rows = await insertMany(trx, target, 'users', USER_COLUMNS, fresh.map((c) => userRow(c, now, defaultLocale)), ['id', 'email_normalized']);
    for (const row of rows) idOf.set(row.email_normalized as string, Number(row.id));
  }
  if ([...creates, ...merges].some((a) => a.hash?.startsWith('unwrapped:'))) throw new Error('import: a digest was not wrapped');
  const updated = iso(now);
  const credentials: unknown[][] = [];
  for (const c of creates) if (c.hash !== null) credentials.push([idOf.get(c.record.emailKey)!, c.hash, updated]);
  for (const m of merges) if (m.hash !== null) credentials.push([m.userId, m.hash, updated]);
  await insertMany(trx, target, 'credentials', { user_id: 'integer', password_hash: 'text', updated_at: 'timestamptz' }, credentials);
  const legacy: unknown[][] = [];
  for (const c of creates) for (const [api, id] of Object.entries(c.account.legacyIds)) legacy.push([api, id, idOf.get(c.record.emailKey)!]);
  for (const m of merges) for (const [api, id] of Object.entries(m.legacyIds)) legacy.push([api, id, m.userId]);
  await insertMany(trx, target, 'legacy_ids', { api: 'text', legacy_id: 'integer', user_id: 'integer' }, legacy);

  for (const m of merges) {
    const { emailVerifiedAt, username, firstName, lastName, title, phone, birthdate, locale } = m.patch;
    const more = {
      address_street: m.patch.addressStreet,
      address_city: m.patch.addressCity,
      address_zip: m.patch.addressZip,
      address_country: m.patch.addressCountry,
      social_facebook: m.patch.socialFacebook,
      social_twitter: m.patch.socialTwitter,
    };
    const columns = {
      ...(emailVerifiedAt ? { email_verified_at: iso(emailVerifiedAt) } : {}),
      ...(username ? { username, username_normalized: normalizeUsername(username) } : {}),
      ...(firstName ? { first_name: firstName } : {}),
      ...(lastName ? { last_name: lastName } : {}),
      ...(title ? { title } : {}),
      ...(phone ? { phone } : {}),
      ...(birthdate ? { birthdate } : {}),
      ...(locale ? { locale } : {}),
      ...Object.fromEntries(Object.entries(more).filter(([, v]) => v)),
    };
    if (Object.keys(columns).length) {
      await trx.updateTable('users').set({ ...columns, updated_at: iso(now) }).where('id', '=', m.userId).execute();
    }
  }
}

export interface ImportBatchOptions {
  now: Date;
  dryRun: boolean;
  defaultLocale: Locale;
}

/** Emails (normalised) of the batch whose account has a password already: their hashes need no wrap. */
export async function emailsWithPassword(target: BulkTarget, emailKeys: string[]): Promise<Set<string>> {
  if (emailKeys.length === 0) return new Set();
  const rows = await target.db
    .selectFrom('users')
    .innerJoin('credentials', 'credentials.user_id', 'users.id')
    .select('users.email_normalized')
    .where(oneOf(target.dialect, 'users.email_normalized', unique(emailKeys), 'text'))
    .execute();
  return new Set(rows.map((r) => r.email_normalized));
}

/** Plans and (unless a dry run) writes one batch; returns what happened to each record. */
export async function importBatch(target: BulkTarget, records: ImportRecord[], options: ImportBatchOptions): Promise<ImportAction[]> {
  if (records.length === 0) return []; // every line of the batch was refused already
  const batch = records.map((record) => ({ record, usernameKey: normalizeUsername(record.profile.username) }));
  return target.db.transaction().execute(async (trx) => {
    await indexLookupsOnly(trx, target.dialect);
    const actions = planBatch(batch, await lookups(trx, target.dialect, batch));
    if (!options.dryRun) await write(trx, target, actions, options.now, options.defaultLocale);
    return actions;
  });
}
