// SessionRepo: one row per sign-in, whatever API it came through.

import { isLive } from '../core/session-liveness.js';
import type { Kysely, Selectable } from 'kysely';
import type { Session } from '../core/model.js';
import type { SessionRepo } from '../core/ports.js';
import type { Database, SessionsTable } from './schema.js';
import { flag, fromFlag, iso, toDate, toDateOrNull } from './values.js';
import { rowToUser } from './users.js';
import type SQLite from 'better-sqlite3';
import { compileOnce, readOnce } from './compiled-query.js';

const SESSION_COLUMNS = [
  'id',
  'user_id',
  'api',
  'secret_hash',
  'created_at',
  'last_seen_at',
  'idle_timeout_seconds',
  'expires_at',
  'remember',
  'revoked_at',
  'user_agent',
  'ip',
  'client',
] as const satisfies readonly (keyof SessionsTable)[];

export function rowToSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    userId: Number(row.user_id),
    api: row.api,
    createdAt: toDate(row.created_at),
    lastSeenAt: toDate(row.last_seen_at),
    idleTimeoutSeconds: row.idle_timeout_seconds,
    expiresAt: toDate(row.expires_at),
    remember: fromFlag(row.remember),
    revokedAt: toDateOrNull(row.revoked_at),
    userAgent: row.user_agent,
    ip: row.ip,
    client: row.client ?? null,
  };
}

/**
 * `reader`: SQLite's read-only connection, for the session check outside
 * transactions (a repository bound to a transaction reads through it instead).
 */
export function createSessionRepo(db: Kysely<Database>, reader?: SQLite.Database): SessionRepo {
  // Every authenticated request of every API runs this one (when not held in memory): compiled once.
  const sessionWithUser = (id: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(SESSION_COLUMNS.map((column) => `sessions.${column} as session_${column}` as const))
      .where('sessions.id', '=', id);
  const findWithUser = reader ? readOnce(reader, 1, sessionWithUser) : compileOnce(db, 1, sessionWithUser, 'sessions.findWithUser');
  // Every sign-in of every API inserts one: compiled once.
  const insert = compileOnce(
    db,
    11,
    (
      id: string,
      userId: number,
      api: string,
      secretHash: string | null,
      createdAt: string,
      idleTimeoutSeconds: number,
      expiresAt: string,
      remember: ReturnType<typeof flag>,
      userAgent: string | null,
      ip: string | null,
      client: string | null,
    ) =>
      db
        .insertInto('sessions')
        .values({
          id,
          user_id: userId,
          api,
          secret_hash: secretHash,
          created_at: createdAt,
          last_seen_at: createdAt,
          idle_timeout_seconds: idleTimeoutSeconds,
          expires_at: expiresAt,
          remember,
          user_agent: userAgent,
          ip,
          client,
        })
        .returningAll(),
    'sessions.insert',
  );
  return {
    async insert(session) {
      const created = iso(session.createdAt);
      const { rows } = await insert(
        session.id,
        session.userId,
        session.api,
        session.secretHash,
        created,
        session.idleTimeoutSeconds,
        iso(session.expiresAt),
        flag(session.remember),
        session.userAgent,
        session.ip,
        session.client ?? null,
      );
      return rowToSession(rows[0]!);
    },

    async findById(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { ...rowToSession(row), secretHash: row.secret_hash } : null;
    },

    async findWithUser(id) {
      const [row] = (await findWithUser(id)).rows;
      if (!row) return null;
      const session = Object.fromEntries(SESSION_COLUMNS.map((c) => [c, row[`session_${c}`]])) as Selectable<SessionsTable>;
      return { session: { ...rowToSession(session), secretHash: session.secret_hash }, user: rowToUser(row) };
    },

    async touch(id, lastSeenAt) {
      await db.updateTable('sessions').set({ last_seen_at: iso(lastSeenAt) }).where('id', '=', id).execute();
    },

    async revoke(id, at) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: iso(at) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeAllForUser(userId, at, exceptId) {
      let update = db
        .updateTable('sessions')
        .set({ revoked_at: iso(at) })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (exceptId) update = update.where('id', '!=', exceptId);
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listActiveForUser(userId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', iso(now))
        .orderBy('created_at', 'desc')
        .execute();
      // Idle expiry depends on each row's own timeout: the SQL narrows, the one rule decides.
      return rows.map(rowToSession).filter((session) => isLive(session, now));
    },
  };
}
