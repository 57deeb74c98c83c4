// SignInThrottleRepo: the reservation is one INSERT … ON CONFLICT DO UPDATE … WHERE
// not locked … RETURNING, so concurrent attempts from any number of processes are
// serialised by the row itself (PostgreSQL re-checks the WHERE on the row it waited
// for; SQLite has one writer) and an attempt is either counted or refused, never both.

import { sql, type Kysely } from 'kysely';
import type { SignInThrottleRepo, ThrottleLock } from '../core/ports.js';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';
import { iso, toDate } from './values.js';

export function createSignInThrottleRepo(db: Kysely<Database>, dialect: DialectName): SignInThrottleRepo {
  // PostgreSQL types a CASE of text parameters as text; the column is timestamptz.
  const timestamp = (date: Date) => (dialect === 'postgres' ? sql`cast(${iso(date)} as timestamptz)` : sql`${iso(date)}`);
  const lockAfter = (attempt: ReturnType<typeof sql>, locks: ThrottleLock[]) => {
    const ordered = [...locks].sort((a, b) => b.fromAttempt - a.fromAttempt);
    if (ordered.length === 0) return sql`null`;
    const branches = ordered.map((lock) => sql`when ${attempt} >= ${lock.fromAttempt} then ${timestamp(lock.until)}`);
    return sql`case ${sql.join(branches, sql` `)} else null end`;
  };
  // The first attempt on a key locks only if the schedule says so from attempt 1.
  const lockOfFirstAttempt = (locks: ThrottleLock[]) => {
    const until = locks.filter((lock) => lock.fromAttempt <= 1).sort((a, b) => b.fromAttempt - a.fromAttempt)[0]?.until;
    return until ? iso(until) : null;
  };

  return {
    async reserve(key, now, locks) {
      const attempt = sql`sign_in_throttles.failures + 1`;
      const row = await db
        .insertInto('sign_in_throttles')
        .values({ key, failures: 1, locked_until: lockOfFirstAttempt(locks), updated_at: iso(now) })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({
              failures: sql<number>`${attempt}`,
              locked_until: sql<string | null>`${lockAfter(attempt, locks)}`,
              updated_at: iso(now),
            })
            .where((eb) =>
              eb.or([eb('sign_in_throttles.locked_until', 'is', null), eb('sign_in_throttles.locked_until', '<=', iso(now))]),
            ),
        )
        .returning('failures')
        .executeTakeFirst();
      if (row) return { allowed: true, attempt: Number(row.failures) };
      const locked = await db
        .selectFrom('sign_in_throttles')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      // The lock was cleared between the two statements (a success): refuse this
      // one attempt for a second rather than let it through uncounted.
      const until = locked?.locked_until ? toDate(locked.locked_until) : new Date(now.getTime() + 1000);
      return { allowed: false, lockedUntil: until };
    },
    async clear(key) {
      await db.deleteFrom('sign_in_throttles').where('key', '=', key).execute();
    },
  };
}
