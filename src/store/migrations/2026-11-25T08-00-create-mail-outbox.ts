// The mail outbox: every mail is written here in the transaction of the change
// that causes it, then sent by the worker. `claim_token` + `lease_until` are the
// lease that keeps two workers (two Sésame processes) from sending one mail twice.
// Frozen once landed: schema changes go in a new migration.

import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

export function createMailOutbox(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await t
        .addIdColumn(db.schema.createTable('mail_outbox'))
        .addColumn('kind', 'text', (c) => c.notNull())
        // No foreign key: a mail outlives the deletion of its user.
        .addColumn('user_id', 'integer')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('to_normalized', 'text', (c) => c.notNull())
        .addColumn('bcc', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
        .addColumn('claim_token', 'text')
        .addColumn('lease_until', t.timestamp)
        .addColumn('last_error', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('sent_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('mail_outbox_due')
        .on('mail_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('mail_outbox_to_created')
        .on('mail_outbox')
        .columns(['to_normalized', 'created_at'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('mail_outbox').execute();
    },
  };
}
