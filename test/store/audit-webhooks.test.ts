// An audit event that maps to a webhook writes its deliveries with the same
// connection: a transaction that rolls back leaves neither the event nor its
// deliveries, and tells no observer (metrics, worker); one that commits leaves both,
// for every enabled endpoint subscribed to the event and no other.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects, useStore } from '../helpers/databases.js';
import type { RecordedAudit } from '../../src/store/audit-feed.js';

for (const dialect of dialects) {
  describe(`audit events and webhook deliveries on ${dialect.name}`, () => {
    const handle = useStore(dialect);
    const now = new Date('2026-12-01T10:00:00.000Z');
    const event = (targetUserId: number) => ({
      at: now,
      action: 'user.role_changed',
      actorUserId: null,
      targetUserId,
      api: 'native',
      ip: null,
      userAgent: null,
      details: { role: 'MODERATOR', email: 'never@example.com' },
    });
    const deliveries = async () => handle.store.db.selectFrom('webhook_deliveries').selectAll().execute();

    test('rolled back: no event, no delivery, nothing told; committed: both, to subscribers only', async () => {
      const { store } = handle;
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      const subscribed = await store.webhooks.create({ url: 'https://a.example/h', events: ['user.role_changed'], secret, enabled: true }, now);
      await store.webhooks.create({ url: 'https://b.example/h', events: ['user.deleted'], secret, enabled: true }, now);
      await store.webhooks.create({ url: 'https://c.example/h', events: ['user.role_changed'], secret, enabled: false }, now);
      const told: RecordedAudit[] = [];
      const stop = store.auditFeed.subscribe((recorded) => told.push(recorded));
      try {
        await assert.rejects(
          store.transaction(async (repos) => {
            await repos.audit.record(event(41));
            throw new Error('the change failed after its audit event');
          }),
        );
        assert.equal((await deliveries()).length, 0);
        assert.equal((await store.audit.listForUser(41, 10)).length, 0);
        assert.equal(told.length, 0);

        await store.transaction(async (repos) => {
          await repos.audit.record(event(42));
          assert.equal(told.length, 0, 'told only after the commit');
        });
        const rows = await deliveries();
        assert.equal(rows.length, 1);
        assert.equal(Number(rows[0]!.endpoint_id), subscribed.id);
        assert.equal(rows[0]!.status, 'pending');
        const payload = JSON.parse(rows[0]!.payload);
        assert.deepEqual(payload, {
          type: 'user.role_changed',
          timestamp: now.toISOString(),
          data: { user_id: 42, actor_id: null, api: 'native', role: 'MODERATOR' },
        });
        assert.deepEqual(told, [{ action: 'user.role_changed', api: 'native', details: event(42).details, webhookDeliveries: 1 }]);
      } finally {
        stop();
      }
    });
  });
}
