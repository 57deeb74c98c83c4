// A session opened by an OpenID Connect client carries the client's name, so the
// user's session list says which application it is (issue 22). Frozen once landed.

import type { Kysely } from 'kysely';

export function sessionClient() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('sessions').addColumn('client', 'text').execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('sessions').dropColumn('client').execute();
    },
  };
}
