// With WEBHOOKS_ALLOW_PRIVATE off (the default), webhooks cannot be aimed inward:
// loopback, link-local and private addresses are refused when an endpoint is saved
// (400 validation_failed) and again at delivery, on the address the connection
// resolves (an endpoint that points inward later is never called).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { call, signedInAs, type Actor } from '../helpers/native-admin.js';
import { signUp } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const INWARD = [
  'http://127.0.0.1:8080/hook',
  'http://localhost/hook',
  'http://[::1]/hook',
  'http://10.1.2.3/hook',
  'http://172.20.0.5/hook',
  'http://192.168.1.10/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[::ffff:127.0.0.1]/hook',
  'http://0.0.0.0/hook',
  'http://[fe80::1]/hook',
  'http://[fd00::1]/hook',
  'http://100.64.0.1/hook',
];

for (const dialect of dialects) {
  describe(`webhook SSRF guard on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    let admin: Actor;
    let receiver: WebhookReceiver;
    before(async () => {
      await t.webhooks.worker.stop();
      admin = await signedInAs(t, 'ADMIN', `ssrf-admin-${dialect.name}@example.com`);
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await receiver?.close();
    });

    test('inward URLs are refused at creation and at change', async () => {
      for (const url of INWARD) {
        const response = await call(t.app, 'POST', '/v1/webhooks', admin.access_token, { url, events: ['user.created'] });
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
        assert.equal(response.json().code, 'validation_failed');
        assert.ok(response.json().errors.url, url);
      }
      const outward = await call(t.app, 'POST', '/v1/webhooks', admin.access_token, {
        url: 'https://93.184.215.14/hook',
        events: ['user.created'],
        enabled: false,
      });
      assert.equal(outward.statusCode, 201, outward.body);
      const moved = await call(t.app, 'PATCH', `/v1/webhooks/${outward.json().id}`, admin.access_token, { url: INWARD[0] });
      assert.equal(moved.statusCode, 400);
      assert.equal(moved.json().code, 'validation_failed');
    });

    test('an endpoint that points inward by the time of delivery is never called', async () => {
      // Saved while it was allowed (or while its name resolved outward): by name and by address.
      const byAddress = await t.store.webhooks.create(
        { url: receiver.url, events: ['user.created'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', enabled: true },
        new Date(),
      );
      const byName = await t.store.webhooks.create(
        {
          url: receiver.url.replace('127.0.0.1', 'localhost'),
          events: ['user.created'],
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          enabled: true,
        },
        new Date(),
      );
      await signUp(t.app, `ssrf-target-${dialect.name}@example.com`);
      assert.equal(await t.webhooks.worker.runOnce(), 0);
      assert.equal(receiver.received.length, 0);
      for (const endpoint of [byAddress, byName]) {
        const [delivery] = (await call(t.app, 'GET', `/v1/webhooks/${endpoint.id}/deliveries`, admin.access_token)).json().items;
        assert.equal(delivery.status, 'pending');
        assert.match(delivery.last_error, /loopback, link-local or private/);
      }
    });
  });
}
