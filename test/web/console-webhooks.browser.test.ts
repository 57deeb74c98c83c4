// /admin/webhooks in headless chromium: an admin adds an endpoint by ticking its
// events, reads the secret shown once, and turns the endpoint off; the page has no
// WCAG 2.2 A/AA violation (axe), light and dark, and is screenshotted (desktop and
// phone) under test-artifacts/console/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { freePort } from '../helpers/browser.js';
import { accessibilityViolations, launchChromium, screenshotBoth } from '../helpers/console-browser.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of dialects) {
  describe(`console webhooks page in chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let origin: string;
    let context: BrowserContext | undefined;
    const once = dialect.name === 'sqlite';

    before(async () => {
      database = await dialect.create();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      t = await startTestApp(database, { env: { PUBLIC_URL: origin, WEBHOOKS_ALLOW_PRIVATE: 'true' } });
      await t.app.listen({ port, host: '127.0.0.1' });
      await t.webhooks.worker.stop();
    });
    after(async () => {
      await context?.close();
      await t?.close();
      await database?.drop();
    });

    test('an admin adds an endpoint, reads its secret once and turns it off; axe finds nothing, light and dark', async () => {
      const { user } = await t.core.accounts.createOrPromoteAdmin('hooks.browser@example.com', PASSWORD);
      await t.store.users.update(user.id, { locale: 'de' }, new Date());
      context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${origin}/account/sign-in`);
      await page.locator('#email').fill('hooks.browser@example.com');
      await page.locator('#password').fill(PASSWORD);
      await page.locator('form[action="/account/sign-in"] button').click();
      await page.waitForURL(`${origin}/account`);

      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.waitForURL(`${origin}/admin/webhooks`);
      await page.getByLabel('URL').fill(`${origin}/hooks/console-test`);
      await page.getByRole('checkbox', { name: 'user.created' }).check();
      await page.getByRole('checkbox', { name: 'session.revoked' }).check();
      await page.getByRole('button', { name: 'Endpunkt hinzufügen' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Der Endpunkt ist hinzugefügt/);
      assert.match((await page.locator('#webhook-secret').textContent()) ?? '', /^whsec_/);
      assert.match((await page.locator('tbody td').nth(1).textContent()) ?? '', /user\.created, session\.revoked/);
      if (once) {
        assert.deepEqual(await accessibilityViolations(page), [], 'axe on /admin/webhooks (light)');
        await screenshotBoth(page, 'admin-webhooks');
      }

      await page.getByRole('button', { name: `Endpunkt ${origin}/hooks/console-test ausschalten` }).click();
      await page.waitForURL(`${origin}/admin/webhooks?done=disabled`);
      assert.equal(await page.locator('#webhook-secret').count(), 0, 'the secret is gone');
      assert.equal((await t.core.webhooks.list(user))[0]!.enabled, false);
      if (once) {
        await t.store.users.update(user.id, { darkMode: true }, new Date());
        await page.reload();
        assert.equal(await page.locator('html').getAttribute('class'), 'dark');
        assert.deepEqual(await accessibilityViolations(page), [], 'axe on /admin/webhooks (dark)');
      }
    });
  });
}
