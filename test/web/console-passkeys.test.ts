// The console's passkey calls over plain HTTP: only a page of this site may make
// them (its Origin and its form token in X-CSRF-Token, bound to the session or,
// signed out, to the pre-session cookie); the two passkey pages, and only they,
// allow a script of our own origin; the script itself is served with its type and
// a year's cache. (The ceremonies themselves run in console-passkeys.browser.test.ts.)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cookiesOf, csrfOf } from '../helpers/console-http.js';
import { dialects } from '../helpers/databases.js';
import { PASSWORD, signUp } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';

const ORIGIN = 'http://localhost:3000';
const SCRIPT_SRC = /script-src 'self'/;

for (const dialect of dialects) {
  describe(`console passkey calls on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { PUBLIC_URL: ORIGIN } });

    /** A signed-in console visitor's cookie and the token of its /account page. */
    async function signedIn(email: string) {
      await signUp(t.app, email);
      const page = await t.app.inject({ method: 'GET', url: '/account/sign-in' });
      const response = await t.app.inject({
        method: 'POST', url: '/account/sign-in', headers: { cookie: cookiesOf(page).join('; ') }, payload: { _csrf: csrfOf(page.body), email, password: PASSWORD },
      });
      const cookie = cookiesOf(response).find((c) => c.startsWith('sesame_console='))!;
      const account = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie } });
      return { cookie, csrf: csrfOf(account.body), account };
    }

    const call = (url: string, headers: Record<string, string>, payload: object = {}) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });

    test('registration options: only with this site\'s Origin and the session\'s token', async () => {
      const { cookie, csrf } = await signedIn('options@example.com');
      const ok = await call('/account/passkeys/options', { cookie, origin: ORIGIN, 'x-csrf-token': csrf });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().rp.id, 'localhost');
      assert.equal(ok.headers['cache-control'], 'no-store');

      for (const [what, headers] of [
        ['another origin', { cookie, origin: 'https://evil.example', 'x-csrf-token': csrf }],
        ['no Origin', { cookie, 'x-csrf-token': csrf }],
        ['no token', { cookie, origin: ORIGIN }],
        ['another session\'s token', { cookie, origin: ORIGIN, 'x-csrf-token': (await signedIn('other@example.com')).csrf }],
      ] as const) {
        const refused = await call('/account/passkeys/options', headers);
        assert.equal(refused.statusCode, 403, what);
        assert.equal(refused.json().error, 'csrf', what);
      }
      const signedOut = await call('/account/passkeys/options', { origin: ORIGIN, 'x-csrf-token': csrf });
      assert.equal(signedOut.statusCode, 401);
      assert.equal(signedOut.json().error, 'signed_out');
    });

    test('a registration answer that is not a passkey is refused in the visitor\'s words, and nothing is stored', async () => {
      const { cookie, csrf } = await signedIn('bad.passkey@example.com');
      const refused = await call('/account/passkeys', { cookie, origin: ORIGIN, 'x-csrf-token': csrf, 'accept-language': 'de' }, {
        name: 'Fake', response: { id: 'abc', response: { clientDataJSON: 'e30', attestationObject: 'AA' } },
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'passkey_refused');
      const user = (await t.store.users.findByEmail('bad.passkey@example.com'))!;
      assert.deepEqual(await t.core.mfa.passkeys.list(user.id), []);
    });

    test('the passkey sign-in calls want the pre-session token and this Origin; a bad assertion opens no session', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/account/sign-in' });
      const cookie = cookiesOf(page).join('; ');
      const csrf = csrfOf(page.body);
      assert.equal((await call('/account/sign-in/passkey/options', { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' })).statusCode, 403);
      assert.equal((await call('/account/sign-in/passkey/options', { cookie, origin: ORIGIN })).statusCode, 403);
      const options = await call('/account/sign-in/passkey/options', { cookie, origin: ORIGIN, 'x-csrf-token': csrf });
      assert.equal(options.statusCode, 200, options.body);
      const { challenge_id: challengeId, options: request } = options.json();
      assert.equal(request.rpId, 'localhost');
      assert.deepEqual(request.allowCredentials ?? [], [], 'discoverable: no credential named');

      const refused = await call('/account/sign-in/passkey', { cookie, origin: ORIGIN, 'x-csrf-token': csrf, 'accept-language': 'fr' }, {
        challenge_id: challengeId, response: { id: 'unknown', response: { clientDataJSON: 'e30' } }, return_to: '/account',
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'invalid_grant');
      assert.match(refused.json().message, /La clé d’accès n’a pas été acceptée/);
      assert.equal(cookiesOf(refused).some((c) => c.startsWith('sesame_console=')), false);
    });

    test('the passkey pages alone allow our own script (never inline); the script is served with its type and cached', async () => {
      const { cookie, account } = await signedIn('csp@example.com');
      const signInPage = await t.app.inject({ method: 'GET', url: '/account/sign-in' });
      for (const [what, page] of [['/account', account], ['/account/sign-in', signInPage]] as const) {
        const csp = String(page.headers['content-security-policy']);
        assert.match(csp, SCRIPT_SRC, what);
        assert.match(csp, /connect-src 'self'/, what);
        assert.match(csp, /default-src 'none'/, what);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
        assert.doesNotMatch(page.body, /<script>|<script [^>]*>[^<]/, `${what}: no inline script`);
      }
      for (const url of ['/account/forgot-password', '/account/reset-password?token=x']) {
        const page = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        assert.doesNotMatch(String(page.headers['content-security-policy']), SCRIPT_SRC, url);
      }
      const src = /<script src="([^"]+)" defer><\/script>/.exec(account.body)?.[1];
      assert.match(src ?? '', /^\/account\/assets\/passkeys-[0-9a-f]{16}\.js$/);
      const script = await t.app.inject({ method: 'GET', url: src! });
      assert.equal(script.statusCode, 200);
      assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(script.headers['x-content-type-options'], 'nosniff');
      assert.match(script.body, /navigator\.credentials\.create/);
    });
  });
}
