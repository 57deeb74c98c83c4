// The CRDM single-page app in a real browser: a page served from another origin
// on loopback calls the API with credentials, as the SPA does with axios —
// csrf-cookie, read XSRF-TOKEN from document.cookie, login, signed-in calls —
// allowed by CORS_ORIGINS; a page from an origin not listed cannot read answers.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, type Browser } from '../../helpers/browser.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { CRDM_PASSWORD, createMember } from '../../helpers/crdm-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

/** A static page server: the SPA's origin. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>CRDM</title><p>CRDM UNIVERSE</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

/**
 * What the SPA does with axios, as a script run inside the page (plain
 * JavaScript: the test's own compiled functions would not survive serialising).
 */
function spaSignInScript(api: string, email: string, password: string): string {
  return `(async () => {
    const api = ${JSON.stringify(api)};
    const xsrf = () =>
      decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice(11) ?? '');
    const headers = () => ({ 'content-type': 'application/json', accept: 'application/json', 'x-xsrf-token': xsrf() });
    const csrf = await fetch(api + '/sanctum/csrf-cookie', { credentials: 'include' });
    const login = await fetch(api + '/login', {
      method: 'POST',
      credentials: 'include',
      headers: headers(),
      body: JSON.stringify({ email: ${JSON.stringify(email)}, password: ${JSON.stringify(password)}, remember: false }),
    });
    const me = await fetch(api + '/api/user/', { credentials: 'include', headers: { accept: 'application/json' } });
    const dark = await fetch(api + '/api/user/preferences/darkMode', {
      method: 'PATCH',
      credentials: 'include',
      headers: headers(),
      body: JSON.stringify({ state: true }),
    });
    const forged = await fetch(api + '/logout', { method: 'POST', credentials: 'include' });
    return {
      csrf: csrf.status,
      login: login.status,
      me: me.status,
      user: await me.json(),
      dark: (await dark.json())[0]?.preferences,
      forged: forged.status,
      cookies: document.cookie,
    };
  })()`;
}

interface SpaResult {
  csrf: number;
  login: number;
  me: number;
  user: { email: string }[];
  dark: unknown;
  forged: number;
  cookies: string;
}

for (const dialect of dialects) {
  describe(`crdm in headless Chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let browser: Browser;
    let page: { server: Server; origin: string };
    let stranger: { server: Server; origin: string };
    let api: string;

    before(async () => {
      page = await servePage();
      stranger = await servePage();
      database = await dialect.create();
      t = await startTestApp(database, { env: { CORS_ORIGINS: page.origin } });
      await createMember(t, 'christophe@crdm.test');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      api = `http://localhost:${(t.app.server.address() as AddressInfo).port}/crdm`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await t.close();
      await database.drop();
      page.server.close();
      stranger.server.close();
    });

    test('a page on an allowed origin signs in with cookies and calls the API with the XSRF echo', async () => {
      const tab = await browser.context.newPage();
      try {
        await tab.goto(page.origin);
        const result = (await tab.evaluate(spaSignInScript(api, 'christophe@crdm.test', CRDM_PASSWORD))) as SpaResult;
        assert.equal(result.csrf, 204);
        assert.equal(result.login, 204);
        assert.equal(result.me, 200);
        assert.equal(result.user[0]?.email, 'christophe@crdm.test');
        assert.deepEqual(result.dark, { localisation: 'en', isDarkModeEnabled: true });
        assert.equal(result.forged, 419, 'a request without the echo is refused');
        assert.match(result.cookies, /XSRF-TOKEN=/, 'the page reads the XSRF cookie');
        assert.doesNotMatch(result.cookies, /crdm_session/, 'but never the HttpOnly session cookie');
      } finally {
        await tab.close();
      }
    });

    test('CORS: a listed origin gets credentials and every method of the document; another gets no CORS header', async () => {
      const preflight = (origin: string) =>
        t.app.inject({
          method: 'OPTIONS',
          url: '/crdm/api/user/preferences/darkMode',
          headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type,x-xsrf-token' },
        });
      const allowed = await preflight(page.origin);
      assert.equal(allowed.headers['access-control-allow-origin'], page.origin);
      assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
      assert.match(String(allowed.headers['access-control-allow-methods']), /PATCH/);
      assert.match(String(allowed.headers['access-control-allow-methods']), /DELETE/);
      const refused = await preflight(stranger.origin);
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
    });

    test('a page on an origin not in CORS_ORIGINS cannot read the API\'s answers', async () => {
      const tab = await browser.context.newPage();
      try {
        await tab.goto(stranger.origin);
        const outcome = await tab.evaluate(`fetch(${JSON.stringify(`${api}/sanctum/csrf-cookie`)}, { credentials: 'include' })
          .then((response) => 'read ' + response.status, () => 'blocked')`);
        assert.equal(outcome, 'blocked');
      } finally {
        await tab.close();
      }
    });
  });
}
