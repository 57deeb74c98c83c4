// PostgreSQL tells every Sésame process on the database when a row that a session
// check holds in memory changes, or the legacy id an API shows (store/change-feed.ts): a statement that changes
// users, ends or deletes sessions, or touches two-step state notifies the channel
// sesame_changes, delivered to the listeners when the transaction commits (and
// only then; one notification per transaction). A session's last-seen update
// notifies no one: it changes nothing a check decides on. SQLite needs no trigger
// (its data_version moves at every commit). Frozen once landed.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

const TRIGGERS = [
  ['users', 'after update or delete'],
  ['sessions', 'after update of revoked_at, expires_at, idle_timeout_seconds, user_id or delete'],
  ['mfa_totp', 'after insert or update or delete'],
  ['passkeys', 'after insert or update or delete'],
  ['mfa_recovery_codes', 'after insert or update or delete'],
  ['legacy_ids', 'after insert or update or delete'],
] as const;

export function changeFeed(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create function sesame_notify_change() returns trigger language plpgsql as $$
        begin
          perform pg_notify('sesame_changes', '');
          return null;
        end $$`.execute(db);
      for (const [table, events] of TRIGGERS) {
        await sql.raw(`create trigger ${table}_notify_change ${events} on ${table} for each statement execute function sesame_notify_change()`).execute(db);
      }
    },

    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const [table] of TRIGGERS) await sql.raw(`drop trigger ${table}_notify_change on ${table}`).execute(db);
      await sql`drop function sesame_notify_change()`.execute(db);
    },
  };
}
