// SQLite's index for the administration's search (`q`, a substring of email,
// username or names): an FTS5 table with the trigram tokenizer over those columns,
// kept in step with `users` by triggers. PostgreSQL already has its pg_trgm GIN
// indexes (2026-11-25T12-00). The table holds only the index (external content).
// Frozen once landed.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

const COLUMNS = 'email_normalized, username_normalized, first_name, last_name';
const NEW = 'new.email_normalized, new.username_normalized, new.first_name, new.last_name';
const OLD = 'old.email_normalized, old.username_normalized, old.first_name, old.last_name';

export function userSearchTrigram(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'sqlite') return;
      const statements = [
        `create virtual table users_search using fts5(${COLUMNS}, content='users', content_rowid='id', tokenize='trigram')`,
        `create trigger users_search_insert after insert on users begin
           insert into users_search(rowid, ${COLUMNS}) values (new.id, ${NEW});
         end`,
        `create trigger users_search_delete after delete on users begin
           insert into users_search(users_search, rowid, ${COLUMNS}) values ('delete', old.id, ${OLD});
         end`,
        `create trigger users_search_update after update of ${COLUMNS} on users begin
           insert into users_search(users_search, rowid, ${COLUMNS}) values ('delete', old.id, ${OLD});
           insert into users_search(rowid, ${COLUMNS}) values (new.id, ${NEW});
         end`,
        `insert into users_search(users_search) values ('rebuild')`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },

    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'sqlite') return;
      for (const name of ['users_search_insert', 'users_search_delete', 'users_search_update']) {
        await sql.raw(`drop trigger ${name}`).execute(db);
      }
      await sql.raw('drop table users_search').execute(db);
    },
  };
}
