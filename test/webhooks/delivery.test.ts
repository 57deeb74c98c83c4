// Webhooks reach a real HTTP receiver on loopback, signed per the Standard Webhooks
// specification (checked with the library's own verifier): written with the change,
// delivered once and in order per user through an outage, after a crash between
// commit and send, with two processes on one database; redelivered on demand; an
// endpoint failing for a day is turned off and the admins mailed. Workers are driven by hand (runOnce)
// and the clock is a test clock: nothing waits for time to pass.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { startChildServer } from '../helpers/child-server.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { call, signedInAs, type Actor } from '../helpers/native-admin.js';
import { PASSWORD, bearer, signUp, signedInUser } from '../helpers/native-client.js';
import { TestClock, startTestApp, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

interface Payload {
  type: string;
  timestamp: string;
  data: { user_id: number; [key: string]: unknown };
}

for (const dialect of dialects) {
  describe(`webhook delivery on ${dialect.name}`, () => {
    let database: TestDatabase;
    let receiver: WebhookReceiver;
    let t: TestApp;
    let admin: Actor;
    const clock = new TestClock();
    // One secrets key for every process of the test, the child server's included.
    const env = { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_MAX_ATTEMPTS: '20', SECRETS_KEY: randomBytes(32).toString('base64') };

    /** An app whose webhook worker runs only when the test says so. */
    async function manualApp(): Promise<TestApp> {
      const app = await startTestApp(database, { clock, env });
      await app.webhooks.worker.stop();
      await app.mail.worker.stop();
      return app;
    }

    async function register(events: string[], url = receiver.url): Promise<{ id: number; secret: string }> {
      // Access tokens expire as the test clock moves: sign in afresh.
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
      const response = await call(t.app, 'POST', '/v1/webhooks', admin.access_token, { url, events });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    function verified(secret: string): Payload[] {
      const verifier = new Webhook(secret);
      return receiver.received.map((hit) => verifier.verify(hit.body, hit.headers) as Payload);
    }

    before(async () => {
      database = await dialect.create();
      receiver = await startWebhookReceiver();
      t = await manualApp();
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
    });
    after(async () => {
      await t?.close();
      await receiver?.close();
      await database?.drop();
    });

    test('a sign-up reaches the receiver as user.created, signed with the secret shown once', async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.created']);
      assert.match(secret, /^whsec_/);
      const listed = await call(t.app, 'GET', `/v1/webhooks/${id}`, admin.access_token);
      assert.equal(listed.json().secret, undefined, 'the secret is never shown again');
      const stored = await t.store.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', id).executeTakeFirstOrThrow();
      assert.notEqual(stored.secret, secret, 'kept sealed with the secrets key');
      assert.equal(stored.secret.includes(secret.slice(6)), false);

      const email = `hooked-${dialect.name}@example.com`;
      assert.equal((await signUp(t.app, email)).statusCode, 201);
      await t.webhooks.worker.runOnce();

      const [event, ...more] = verified(secret);
      assert.equal(more.length, 0);
      const user = await t.store.users.findByEmail(email);
      assert.equal(event!.type, 'user.created');
      assert.equal(event!.data.user_id, user!.id);
      assert.equal(event!.data.api, 'native');
      assert.doesNotMatch(receiver.received[0]!.body, /password|hash|token/i);
      const tampered = { ...receiver.received[0]!.headers };
      assert.throws(() => new Webhook(secret).verify(`${receiver.received[0]!.body} `, tampered));
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('through an outage, each event is delivered once and a user’s events in order', async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.updated', 'session.created', 'session.revoked']);
      const user = await signedInUser(t.app, `outage-${dialect.name}@example.com`);
      receiver.answer = 503;
      for (const name of ['One', 'Two', 'Three']) {
        const patched = await t.app.inject({
          method: 'PATCH',
          url: '/v1/me',
          headers: bearer(user.access_token),
          payload: { first_name: name },
        });
        assert.equal(patched.statusCode, 200, patched.body);
      }
      await t.webhooks.worker.runOnce();
      assert.equal(receiver.received.length, 0);
      const log = (await call(t.app, 'GET', `/v1/webhooks/${id}/deliveries`, admin.access_token)).json();
      const failed = log.items.find((item: { attempts: number }) => item.attempts === 1);
      assert.equal(failed.status, 'pending');
      assert.equal(failed.last_status, 503);
      assert.ok(failed.next_attempt_at > clock.now().toISOString(), 'the next try waits for the backoff');

      receiver.answer = 200;
      await t.webhooks.worker.runOnce();
      assert.equal(receiver.received.length, 0, 'nothing is sent before its next try');
      for (let round = 0; round < 6; round += 1) {
        clock.advance(3600);
        await t.webhooks.worker.runOnce();
      }
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
      const events = verified(secret);
      const names = events.filter((event) => event.type === 'user.updated').map((event) => event.data.fields);
      assert.equal(names.length, 3, 'each change once');
      assert.deepEqual(
        events.map((event) => event.type),
        ['session.created', 'user.updated', 'user.updated', 'user.updated'],
      );
      const ids = receiver.received.map((hit) => hit.headers['webhook-id']);
      assert.equal(new Set(ids).size, ids.length, 'no message twice');
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('a delivery committed before a crash is sent by the next process, once', async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.role_changed']);
      const user = await signedInUser(t.app, `crash-${dialect.name}@example.com`);
      const target = (await t.store.users.findByEmail(`crash-${dialect.name}@example.com`))!;
      assert.ok(user.access_token);
      const patched = await call(t.app, 'PATCH', `/v1/users/${target.id}`, admin.access_token, { role: 'moderator' });
      assert.equal(patched.statusCode, 200, patched.body);

      // The process dies after the commit, before its worker sent anything; a
      // second one claims the delivery and dies holding its lease.
      await t.close();
      const holder = await manualApp();
      const [due] = await holder.store.webhookOutbox.listDue(clock.now(), 10);
      assert.ok(due);
      assert.ok(await holder.store.webhookOutbox.claim(due, 'dead-worker', clock.now(), new Date(clock.now().getTime() + 30_000)));
      await holder.close();

      t = await manualApp();
      assert.equal(await t.webhooks.worker.runOnce(), 0, 'a live lease is respected');
      clock.advance(31);
      assert.equal(await t.webhooks.worker.runOnce(), 1);
      assert.equal(await t.webhooks.worker.runOnce(), 0);
      const [event] = verified(secret);
      assert.equal(event!.type, 'user.role_changed');
      assert.equal(event!.data.role, 'MODERATOR');
      assert.equal(receiver.received.length, 1);
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('two Sésame instances (own stores and pools) on one database send each delivery exactly once', async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.created']);
      for (let i = 0; i < 12; i += 1) {
        assert.equal((await signUp(t.app, `pair-${i}-${dialect.name}@example.com`)).statusCode, 201);
      }
      const other = await manualApp();
      try {
        await Promise.all([t.webhooks.worker.runOnce(), other.webhooks.worker.runOnce()]);
      } finally {
        await other.close();
      }
      const events = verified(secret);
      assert.equal(events.length, 12);
      assert.equal(new Set(events.map((event) => event.data.user_id)).size, 12);
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('a Sésame child process and this one share the deliveries: each sent exactly once', { timeout: 240_000 }, async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.created']);
      const child = await startChildServer(database.url, env);
      try {
        for (let i = 0; i < 12; i += 1) {
          assert.equal((await signUp(t.app, `child-pair-${i}-${dialect.name}@example.com`)).statusCode, 201);
        }
        // The child's worker polls on its own; this process sends what it can meanwhile,
        // until the delivery log says every delivery is done.
        const deadline = Date.now() + 120_000;
        for (;;) {
          await t.webhooks.worker.runOnce();
          const items = (await t.core.webhooks.deliveries((await t.store.users.findById(admin.id))!, id)) as { status: string }[];
          if (items.length === 12 && items.every((item) => item.status === 'delivered')) break;
          assert.ok(Date.now() < deadline, 'every delivery done within two minutes');
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        await child.kill('SIGTERM');
      }
      const events = verified(secret);
      assert.equal(events.length, 12);
      assert.equal(new Set(events.map((event) => event.data.user_id)).size, 12);
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('a delivery can be sent again by hand, with the same webhook-id', async () => {
      receiver.received.length = 0;
      const { id, secret } = await register(['user.created']);
      await signUp(t.app, `again-${dialect.name}@example.com`);
      await t.webhooks.worker.runOnce();
      const [delivery] = (await call(t.app, 'GET', `/v1/webhooks/${id}/deliveries`, admin.access_token)).json().items;
      assert.equal(delivery.status, 'delivered');
      const again = await call(t.app, 'POST', `/v1/webhooks/${id}/deliveries/${delivery.id}/redeliver`, admin.access_token);
      assert.equal(again.statusCode, 202, again.body);
      assert.equal(again.json().status, 'pending');
      await t.webhooks.worker.runOnce();
      assert.equal(verified(secret).length, 2);
      assert.equal(receiver.received[0]!.headers['webhook-id'], receiver.received[1]!.headers['webhook-id']);
      const trail = (await t.store.audit.listForUser(admin.id, 20)).map((event) => event.action);
      assert.ok(trail.includes('webhook.created') && trail.includes('webhook.redelivered'), trail.join(', '));
      const missing = await call(t.app, 'POST', `/v1/webhooks/${id}/deliveries/999999/redeliver`, admin.access_token);
      assert.equal(missing.statusCode, 404);
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('an endpoint failing for a day is turned off, and says why', async () => {
      receiver.received.length = 0;
      receiver.answer = 500;
      const { id } = await register(['user.created']);
      await signUp(t.app, `dayfail-${dialect.name}@example.com`);
      await t.webhooks.worker.runOnce();
      for (let hour = 0; hour < 26; hour += 1) {
        clock.advance(3600);
        await signUp(t.app, `dayfail-${hour}-${dialect.name}@example.com`);
        await t.webhooks.worker.runOnce();
      }
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
      const endpoint = (await call(t.app, 'GET', `/v1/webhooks/${id}`, admin.access_token)).json();
      assert.equal(endpoint.enabled, false);
      assert.match(endpoint.disabled_reason, /failed since/);
      assert.ok(t.logs.some((line) => line.includes('webhook endpoint disabled')));
      await t.core.background.settled();
      const told = await t.store.outbox.list({ to: admin.email, limit: 10 });
      const listed = told.find((mail) => mail.kind === 'webhook_disabled');
      assert.ok(listed, 'the admin is mailed');
      const alert = (await t.store.outbox.findById(listed.id))!;
      assert.ok(alert.text.includes(new URL(receiver.url).host), alert.text);
      receiver.answer = 200;
      const on = await call(t.app, 'PATCH', `/v1/webhooks/${id}`, admin.access_token, { enabled: true });
      assert.equal(on.json().enabled, true);
      assert.equal(on.json().disabled_reason, null);
      await call(t.app, 'DELETE', `/v1/webhooks/${id}`, admin.access_token);
    });

    test('only admins manage webhooks; bad input is a validation problem', async () => {
      admin = await signedInAs(t, 'ADMIN', `hooks-admin-${dialect.name}@example.com`);
      const user = await signedInUser(t.app, `not-admin-${dialect.name}@example.com`, PASSWORD);
      assert.equal((await call(t.app, 'GET', '/v1/webhooks', user.access_token)).statusCode, 403);
      assert.equal((await call(t.app, 'POST', '/v1/webhooks', user.access_token, { url: receiver.url, events: ['user.created'] })).statusCode, 403);
      assert.equal((await call(t.app, 'GET', '/v1/webhooks')).statusCode, 401);
      const unknown = await call(t.app, 'POST', '/v1/webhooks', admin.access_token, { url: receiver.url, events: ['user.exploded'] });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().code, 'validation_failed');
      const notUrl = await call(t.app, 'POST', '/v1/webhooks', admin.access_token, { url: 'ftp://example.com/x', events: ['user.created'] });
      assert.equal(notUrl.statusCode, 400);
      assert.equal(notUrl.json().code, 'validation_failed');
      assert.equal((await call(t.app, 'GET', '/v1/webhooks/424242', admin.access_token)).statusCode, 404);
    });
  });
}
