// Indexes for the administration's newest-first lists (issue 20). Frozen once landed.
// - The audit trail filtered by action, by keyset (`action = ? and id < ?` newest first).
// - The mail outbox filtered by status, newest first (the worker's index is
//   status + next_attempt_at, which does not give the id order).

import type { Kysely } from 'kysely';

export function consoleListIndexes() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('audit_events_action_id').on('audit_events').columns(['action', 'id']).execute();
      await db.schema.createIndex('mail_outbox_status_id').on('mail_outbox').columns(['status', 'id']).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('mail_outbox_status_id').execute();
      await db.schema.dropIndex('audit_events_action_id').execute();
    },
  };
}
