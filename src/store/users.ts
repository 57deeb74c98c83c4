// UserRepo over Kysely: rows in, core Users out through rowToUser.

import type SQLite from 'better-sqlite3';
import { SqliteAdapter, type Kysely, type Selectable } from 'kysely';
import { compileOnce, readOnce } from './compiled-query.js';
import { CoreError } from '../core/errors.js';
import { normalizeEmail, parseEmail } from '../core/email.js';
import { normalizeUsername as foldUsername } from '../core/username.js';
import type { Locale, PrivilegedPatch, Role, User } from '../core/model.js';
import type { NewUser, UserListQuery, UserRepo } from '../core/ports.js';
import type { Updateable } from 'kysely';
import type { Database, UsersTable } from './schema.js';
import { mapUniqueViolation } from './unique-violation.js';
import { countUsers } from './user-count.js';
import { listUsers } from './user-list.js';
import { flag, fromFlag, iso, isoOrNull, toDate, toDateOrNull } from './values.js';

export function rowToUser(row: Selectable<UsersTable>): User {
  return {
    id: Number(row.id),
    email: row.email,
    emailVerifiedAt: toDateOrNull(row.email_verified_at),
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    title: row.title,
    phone: row.phone,
    birthdate: row.birthdate,
    address: {
      street: row.address_street,
      city: row.address_city,
      zip: row.address_zip,
      country: row.address_country,
    },
    social: { facebook: row.social_facebook, twitter: row.social_twitter },
    role: row.role as Role,
    locale: row.locale as Locale,
    darkMode: fromFlag(row.dark_mode),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    deletedAt: toDateOrNull(row.deleted_at),
  };
}

export const normalizeUsername = (username: string | null | undefined) => (username ? foldUsername(username) : null);
/** The address as the account shows it and mail goes to (NFKC, trimmed). */
const emailAsWritten = (email: string) => parseEmail(email)?.address ?? email.trim();

type UserUpdate = Updateable<UsersTable>;

function patchToColumns(patch: PrivilegedPatch & { emailVerifiedAt?: Date | null }): UserUpdate {
  const columns: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  if (patch.email !== undefined) {
    set('email', emailAsWritten(patch.email));
    set('email_normalized', normalizeEmail(patch.email));
  }
  if (patch.username !== undefined) {
    set('username', patch.username);
    set('username_normalized', normalizeUsername(patch.username));
  }
  set('first_name', patch.firstName);
  set('last_name', patch.lastName);
  set('title', patch.title);
  set('phone', patch.phone);
  set('birthdate', patch.birthdate);
  set('address_street', patch.address?.street);
  set('address_city', patch.address?.city);
  set('address_zip', patch.address?.zip);
  set('address_country', patch.address?.country);
  set('social_facebook', patch.social?.facebook);
  set('social_twitter', patch.social?.twitter);
  set('role', patch.role);
  set('locale', patch.locale);
  if (patch.darkMode !== undefined) set('dark_mode', flag(patch.darkMode));
  if (patch.emailVerifiedAt !== undefined) set('email_verified_at', isoOrNull(patch.emailVerifiedAt));
  return columns as UserUpdate;
}

/**
 * `reader`: SQLite's read-only connection, for the lookups by id, email and
 * username outside transactions (the seed APIs read a second user on each call).
 * Compiled once everywhere else.
 */
export function createUserRepo(db: Kysely<Database>, reader?: SQLite.Database): UserRepo {
  const lookup = <V>(column: 'id' | 'email_normalized' | 'username_normalized') => {
    const build = (value: V) => db.selectFrom('users').selectAll().where(column, '=', value as never);
    const run = reader ? readOnce(reader, 1, build) : compileOnce(db, 1, build, `users.by-${column}`);
    return async (value: V) => {
      const row = (await run(value)).rows[0];
      return row ? rowToUser(row) : null;
    };
  };
  const byId = lookup<number>('id');
  const byEmail = lookup<string>('email_normalized');
  const byUsername = lookup<string>('username_normalized');

  return {
    async insert(user: NewUser, now: Date) {
      const row = await mapUniqueViolation(() =>
        db
          .insertInto('users')
          .values({
            email: emailAsWritten(user.email),
            email_normalized: normalizeEmail(user.email),
            email_verified_at: isoOrNull(user.emailVerifiedAt),
            username: user.username ?? null,
            username_normalized: normalizeUsername(user.username),
            first_name: user.firstName ?? null,
            last_name: user.lastName ?? null,
            title: user.title ?? null,
            phone: user.phone ?? null,
            birthdate: user.birthdate ?? null,
            address_street: user.address?.street ?? null,
            address_city: user.address?.city ?? null,
            address_zip: user.address?.zip ?? null,
            address_country: user.address?.country ?? null,
            social_facebook: user.social?.facebook ?? null,
            social_twitter: user.social?.twitter ?? null,
            role: user.role,
            locale: user.locale,
            dark_mode: flag(user.darkMode ?? false),
            created_at: iso(now),
            updated_at: iso(now),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return rowToUser(row);
    },

    findById: (id) => byId(id),

    findByEmail: (email) => byEmail(normalizeEmail(email)),
    findByUsername: async (username) => {
      const folded = normalizeUsername(username);
      return folded ? byUsername(folded) : null;
    },

    async update(id, patch, now) {
      const columns = { ...patchToColumns(patch), updated_at: iso(now) };
      const row = await mapUniqueViolation(() =>
        db.updateTable('users').set(columns).where('id', '=', id).returningAll().executeTakeFirst(),
      );
      if (!row) throw new CoreError('not_found', { resource: 'user' });
      return rowToUser(row);
    },

    async setDeleted(id, deletedAt, now) {
      await db
        .updateTable('users')
        .set({ deleted_at: isoOrNull(deletedAt), updated_at: iso(now) })
        .where('id', '=', id)
        .execute();
    },

    async countActiveAdmins() {
      const { count } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', 'ADMIN')
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    async lockActiveAdmins() {
      let select = db.selectFrom('users').select('id').where('role', '=', 'ADMIN').where('deleted_at', 'is', null);
      // PostgreSQL: FOR UPDATE makes a concurrent demotion wait, then re-reads the rows,
      // so it sees the other's change. SQLite has no row locks and needs none: one
      // writer at a time, and this connection's transactions run one after another.
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) select = select.orderBy('id').forUpdate();
      return (await select.execute()).length;
    },

    list: (query: UserListQuery) => listUsers(db, query),
    count: (query, options) => countUsers(db, query, options),
  };
}
