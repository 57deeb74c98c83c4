// /admin/webhooks over real HTTP: an admin adds an endpoint (the signing secret on
// that answer only), sees a delivery to a real receiver on loopback in the list,
// turns the endpoint off and on, and removes it once the box is ticked; a bad URL
// is shown in the page with the form kept; moderators and users get 403, their
// forged POST too, and a form without its token is refused. The same kernel as
// /v1/webhooks: what the page does, the API sees.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { consoleSignIn, csrfOf } from '../helpers/console-http.js';
import { dialects } from '../helpers/databases.js';
import { signedInAs } from '../helpers/native-admin.js';
import { signUp } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const secretOf = (html: string) => /<code id="webhook-secret">([^<]+)<\/code>/.exec(html)?.[1] ?? null;

for (const dialect of dialects) {
  describe(`console webhooks page on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startWebhookReceiver();
      await t.webhooks.worker.stop(); // deliveries run when the test says (runOnce)
    });
    after(async () => {
      await receiver?.close();
    });

    test('an admin adds an endpoint, reads its secret once, sees its delivery, turns it off and on, and removes it', async () => {
      await t.core.accounts.createOrPromoteAdmin('hooks.admin@example.com', 'correct horse battery staple');
      const admin = await consoleSignIn(t, 'hooks.admin@example.com');
      const empty = await admin.get('/admin/webhooks');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /No webhook endpoint yet/);
      assert.match((await admin.get('/account')).body, /href="\/admin\/webhooks"/, 'in the menu');

      const created = await admin.post('/admin/webhooks', { url: receiver.url, events: 'user.created', enabled: 'yes' }, '/admin/webhooks');
      assert.equal(created.statusCode, 201, created.body);
      assert.match(created.body, /The endpoint is added/);
      const secret = secretOf(created.body);
      assert.match(secret ?? '', /^whsec_/);
      const again = await admin.get('/admin/webhooks');
      assert.equal(secretOf(again.body), null, 'the secret is shown only once');
      assert.equal(again.body.includes(secret!), false);

      const adminUser = (await t.store.users.findByEmail('hooks.admin@example.com'))!;
      const [endpoint] = await t.core.webhooks.list(adminUser);
      assert.equal(endpoint!.url, receiver.url);
      assert.deepEqual(endpoint!.events, ['user.created']);
      assert.equal(endpoint!.enabled, true);

      await signUp(t.app, 'hooked.by.console@example.com');
      await t.webhooks.worker.runOnce();
      const payloads = receiver.received.map((hit) => new Webhook(secret!).verify(hit.body, hit.headers) as { type: string });
      assert.deepEqual(payloads.map((p) => p.type), ['user.created'], 'signed with the secret the page showed');
      const listed = await admin.get('/admin/webhooks');
      assert.match(listed.body, /Delivered · <code>user.created<\/code>/);
      assert.match(listed.body, /HTTP 200/);

      const off = await admin.post(`/admin/webhooks/${endpoint!.id}/disable`, {}, '/admin/webhooks');
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/admin/webhooks?done=disabled');
      assert.equal((await t.core.webhooks.get(adminUser, endpoint!.id)).enabled, false);
      const offPage = await admin.get('/admin/webhooks?done=disabled');
      assert.match(offPage.body, /The endpoint is turned off/);
      assert.match(offPage.body, />Off</);
      assert.equal((await admin.post(`/admin/webhooks/${endpoint!.id}/enable`, {}, '/admin/webhooks')).statusCode, 303);
      assert.equal((await t.core.webhooks.get(adminUser, endpoint!.id)).enabled, true);

      const unticked = await admin.post(`/admin/webhooks/${endpoint!.id}/delete`, {}, '/admin/webhooks');
      assert.equal(unticked.statusCode, 400);
      assert.match(unticked.body, /Tick the confirmation box first/);
      assert.equal((await t.core.webhooks.list(adminUser)).length, 1);
      const removed = await admin.post(`/admin/webhooks/${endpoint!.id}/delete`, { confirm: 'yes' }, '/admin/webhooks');
      assert.equal(removed.statusCode, 303);
      assert.deepEqual(await t.core.webhooks.list(adminUser), []);
    });

    test('a URL the kernel refuses is shown in the page, in the admin\'s language, with the form kept', async () => {
      await t.core.accounts.createOrPromoteAdmin('hooks.fr@example.com', 'correct horse battery staple');
      const adminUser = (await t.store.users.findByEmail('hooks.fr@example.com'))!;
      await t.store.users.update(adminUser.id, { locale: 'fr' }, new Date());
      const admin = await consoleSignIn(t, 'hooks.fr@example.com');
      const refused = await admin.post('/admin/webhooks', { url: 'ftp://files.example.com/x', events: 'user.deleted' }, '/admin/webhooks');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /URL: must be an absolute http or https URL/);
      assert.match(refused.body, /value="ftp:\/\/files.example.com\/x"/);
      assert.match(refused.body, /value="user.deleted" checked/);
      assert.match(refused.body, /Ajouter une destination/);
      assert.deepEqual(await t.core.webhooks.list(adminUser), []);
    });

    test('moderators and users get 403, a forged POST too; a form without its token is refused', async () => {
      await signedInAs(t, 'MODERATOR', 'hooks.moderator@example.com');
      const moderator = await consoleSignIn(t, 'hooks.moderator@example.com');
      assert.equal((await moderator.get('/admin/webhooks')).statusCode, 403);
      assert.doesNotMatch((await moderator.get('/admin')).body, /href="\/admin\/webhooks"/, 'not in a moderator\'s menu');
      const forged = await moderator.post('/admin/webhooks', { url: receiver.url, events: 'user.created' }, '/account');
      assert.equal(forged.statusCode, 403);
      await signUp(t.app, 'hooks.user@example.com');
      const user = await consoleSignIn(t, 'hooks.user@example.com');
      assert.equal((await user.get('/admin/webhooks')).statusCode, 403);

      await t.core.accounts.createOrPromoteAdmin('hooks.csrf@example.com', 'correct horse battery staple');
      const admin = await consoleSignIn(t, 'hooks.csrf@example.com');
      const page = await admin.get('/admin/webhooks');
      assert.ok(csrfOf(page.body));
      const noToken = await t.app.inject({
        method: 'POST',
        url: '/admin/webhooks',
        headers: { cookie: admin.cookie },
        payload: { url: receiver.url, events: 'user.created' },
      });
      assert.equal(noToken.statusCode, 403);
      const adminUser = (await t.store.users.findByEmail('hooks.csrf@example.com'))!;
      assert.deepEqual(await t.core.webhooks.list(adminUser), []);
    });
  });
}
