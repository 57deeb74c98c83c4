// The console's cookie session over real HTTP requests, without a browser: its
// idle timeout (CONSOLE_SESSION_IDLE, on an injected clock), its cookie flags,
// CSRF tokens bound to one session, the per-IP sign-in limit and the per-account
// throttle shown as pages, and which return_to values are kept.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { safeReturnTo } from '../../src/web/console/console-session.js';
import { consoleSignIn } from '../helpers/console-http.js';
import { dialects } from '../helpers/databases.js';
import { PASSWORD, signUp } from '../helpers/native-client.js';
import { TestClock, useTestApp, type TestApp } from '../helpers/test-app.js';

const cookiesOf = (response: LightMyRequestResponse) =>
  ([response.headers['set-cookie'] ?? []].flat() as string[]).map((header) => header.split(';')[0]!);
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Opens the sign-in page, posts the form; returns the response and the cookies a browser would hold. */
async function signIn(t: TestApp, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const page = await t.app.inject({ method: 'GET', url: '/account/sign-in', headers });
  const pre = cookiesOf(page).join('; ');
  const response = await t.app.inject({
    method: 'POST',
    url: '/account/sign-in',
    headers: { ...headers, cookie: pre },
    payload: { _csrf: csrfOf(page.body), email, password },
  });
  const session = cookiesOf(response).find((c) => c.startsWith('sesame_console='));
  return { response, pre, session };
}

test('return_to keeps only paths of this site', () => {
  assert.equal(safeReturnTo('/admin/users/3?x=1'), '/admin/users/3?x=1');
  for (const hostile of ['https://evil.example', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', 'admin', '']) {
    assert.equal(safeReturnTo(hostile), null, JSON.stringify(hostile));
  }
});

for (const dialect of dialects) {
  describe(`console session on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { CONSOLE_SESSION_IDLE: '600', RATE_LIMIT_SIGN_IN: '30' } });

    test('the session slides while used and ends after CONSOLE_SESSION_IDLE seconds without use', async () => {
      await signUp(t.app, 'idle@example.com');
      const { response, session } = await signIn(t, 'idle@example.com');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/account');
      assert.ok(session);
      const account = () => t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session! } });
      clock.advance(550);
      assert.equal((await account()).statusCode, 200, 'used within the idle window');
      clock.advance(550);
      assert.equal((await account()).statusCode, 200, 'the last use moved the window');
      clock.advance(601);
      const ended = await account();
      assert.equal(ended.statusCode, 303);
      assert.equal(ended.headers.location, '/account/sign-in');
    });

    test('the cookie is HttpOnly and SameSite=Lax everywhere, Secure outside localhost', async () => {
      await signUp(t.app, 'flags@example.com');
      const local = await signIn(t, 'flags@example.com');
      const localCookie = String([local.response.headers['set-cookie']].flat().find((c) => String(c).startsWith('sesame_console=')));
      assert.match(localCookie, /HttpOnly/);
      assert.match(localCookie, /SameSite=Lax/);
      assert.doesNotMatch(localCookie, /Secure/);
      const remote = await signIn(t, 'flags@example.com', PASSWORD, { host: 'id.example.com' });
      const remoteCookie = String([remote.response.headers['set-cookie']].flat().find((c) => String(c).startsWith('sesame_console=')));
      assert.match(remoteCookie, /Secure/);
    });

    test("a form token works only with its own session", async () => {
      await signUp(t.app, 'csrf-a@example.com');
      await signUp(t.app, 'csrf-b@example.com');
      const a = (await signIn(t, 'csrf-a@example.com')).session!;
      const b = (await signIn(t, 'csrf-b@example.com')).session!;
      const tokenOfA = csrfOf((await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: a } })).body);
      const withB = await t.app.inject({
        method: 'POST', url: '/account/profile', headers: { cookie: b }, payload: { _csrf: tokenOfA, first_name: 'Mallory' },
      });
      assert.equal(withB.statusCode, 403);
      assert.equal((await t.store.users.findByEmail('csrf-b@example.com'))!.firstName, null);
      const withA = await t.app.inject({
        method: 'POST', url: '/account/profile', headers: { cookie: a }, payload: { _csrf: tokenOfA, first_name: 'Alice' },
      });
      assert.equal(withA.statusCode, 303);
      assert.equal((await t.store.users.findByEmail('csrf-a@example.com'))!.firstName, 'Alice');
      // The sign-in form needs its pre-session token as well.
      const bare = await t.app.inject({ method: 'POST', url: '/account/sign-in', payload: { email: 'csrf-a@example.com', password: PASSWORD } });
      assert.equal(bare.statusCode, 403);
      assert.equal(cookiesOf(bare).some((c) => c.startsWith('sesame_console=')), false);
    });

    test('an email change from the account page mails a confirmation to the new address, with the password only', async () => {
      await signUp(t.app, 'mover@example.com');
      const session = (await signIn(t, 'mover@example.com')).session!;
      const csrf = csrfOf((await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session } })).body);
      const post = (password: string) => t.app.inject({
        method: 'POST', url: '/account/email', headers: { cookie: session },
        payload: { _csrf: csrf, new_email: 'moved@example.com', password },
      });
      const refused = await post('not my password at all');
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /password is not right/);
      const accepted = await post(PASSWORD);
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, '/account?done=email');
      const mails = await t.store.outbox.list({ to: 'moved@example.com', limit: 5 });
      assert.deepEqual(mails.map((m) => m.kind), ['email_change_confirm']);
      assert.equal((await t.store.users.findByEmail('mover@example.com'))!.email, 'mover@example.com', 'changed only on confirmation');
    });

    test('the per-account throttle answers a 429 page in the visitor language, even with the right password', async () => {
      await signUp(t.app, 'throttled@example.com');
      for (let i = 0; i < 10; i++) {
        const { response } = await signIn(t, 'throttled@example.com', 'not the right password');
        assert.equal(response.statusCode, 401);
      }
      const { response, session } = await signIn(t, 'throttled@example.com', PASSWORD, { 'accept-language': 'fr' });
      assert.equal(response.statusCode, 429);
      assert.ok(Number(response.headers['retry-after']) > 0);
      assert.match(response.body, /Trop de tentatives/);
      assert.equal(session, undefined);
    });
  });

  describe(`console invitations past the mail budget on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_MAIL: '1' } });

    test('the invite page answers 429 with Retry-After and the wait in words; nobody is created', async () => {
      await t.core.accounts.createOrPromoteAdmin('inviter@example.com', PASSWORD);
      const admin = await consoleSignIn(t, 'inviter@example.com');
      const invite = (email: string) => admin.post('/admin/invite', { email, role: 'USER', locale: 'en' }, '/admin/invite');
      assert.equal((await invite('first.invited@example.com')).statusCode, 303);
      const refused = await invite('second.invited@example.com');
      assert.equal(refused.statusCode, 429);
      const seconds = Number(refused.headers['retry-after']);
      assert.ok(seconds > 0, `Retry-After: ${String(refused.headers['retry-after'])}`);
      assert.match(refused.body, new RegExp(`${seconds} second`));
      assert.equal(await t.store.users.findByEmail('second.invited@example.com'), null);
    });
  });

  describe(`console sign-in per-IP limit on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_IN: '2' } });

    test('sign-in attempts past RATE_LIMIT_SIGN_IN from one IP get a 429 page', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await signIn(t, `nobody${i}@example.com`, 'whatever password')).response.statusCode);
      assert.deepEqual(statuses, [401, 401, 429]);
    });
  });
}
