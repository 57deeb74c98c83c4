// Opaque session tokens are bound to the API that issued them: crdm refuses a
// myclass login token (which travels in query strings) as its session cookie, and
// myclass refuses a crdm cookie value as its token. crdm's XSRF token is bound to
// the session: a cookie planted by a sibling subdomain (cookie tossing), echoed in
// the header, does not pass, nor does the token fetched before signing in.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Spa } from '../helpers/crdm-client.js';
import { CRDM_PASSWORD, createMember } from '../helpers/crdm-fixtures.js';
import { dialects } from '../helpers/databases.js';
import { call, loggedIn } from '../helpers/myclass-client.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`session tokens bound to their API on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test('crdm refuses a myclass login token as its session cookie', async () => {
      const token = await loggedIn(t.app, t.store, 'both@example.com');
      const own = await call(t.app, 'get_user_account', { email: 'both@example.com', token });
      assert.equal(own.answer.status, true, 'the token works where it was issued');
      const crdm = await t.app.inject({ method: 'GET', url: '/crdm/api/user', headers: { cookie: `crdm_session=${token}` } });
      assert.equal(crdm.statusCode, 401, crdm.body);
    });

    test('myclass refuses a crdm session cookie value as its token', async () => {
      await createMember(t, 'spa@example.com');
      const spa = new Spa(t.app);
      await spa.signIn('spa@example.com', CRDM_PASSWORD);
      const cookie = spa.sessionCookie()!;
      assert.equal((await spa.request('GET', '/api/user')).statusCode, 200, 'the cookie works where it was issued');
      const myclass = await call(t.app, 'get_user_account', { email: 'spa@example.com', token: cookie });
      assert.equal(myclass.answer.status, false, myclass.body);
      const bearer = await call(t.app, 'get_user_account', { email: 'spa@example.com' }, { headers: { authorization: `Bearer ${cookie}` } });
      assert.equal(bearer.answer.status, false, bearer.body);
    });

    test('crdm: a tossed XSRF-TOKEN cookie echoed in the header is a 419; the session-bound one passes', async () => {
      await createMember(t, 'tossed@example.com');
      const spa = new Spa(t.app);
      await spa.csrf();
      const beforeSignIn = decodeURIComponent(spa.jar.readable('XSRF-TOKEN')!);
      await spa.signIn('tossed@example.com', CRDM_PASSWORD);
      const session = spa.sessionCookie()!;
      const patch = (xsrf: string) =>
        t.app.inject({
          method: 'PATCH',
          url: '/crdm/api/user/preferences/darkMode',
          headers: { cookie: `crdm_session=${session}; XSRF-TOKEN=${encodeURIComponent(xsrf)}`, 'x-xsrf-token': xsrf },
          payload: { state: true },
        });
      // The attacker's own valid pair, from a session-less visit: a well-formed token.
      const attacker = new Spa(t.app);
      await attacker.csrf();
      const planted = decodeURIComponent(attacker.jar.readable('XSRF-TOKEN')!);
      const tossed = await patch(planted);
      assert.equal(tossed.statusCode, 419, tossed.body);
      assert.deepEqual(tossed.json(), { message: 'CSRF token mismatch.' });
      assert.equal((await patch(beforeSignIn)).statusCode, 419, 'the token fetched before sign-in is not this session’s');
      const own = decodeURIComponent(spa.jar.readable('XSRF-TOKEN')!);
      assert.equal((await patch(own)).statusCode, 200, 'the XSRF-TOKEN set at sign-in passes');
      // GET /sanctum/csrf-cookie while signed in: 204 and the same session-bound token.
      const again = await spa.csrf();
      assert.equal(again.statusCode, 204);
      assert.equal(decodeURIComponent(spa.jar.readable('XSRF-TOKEN')!), own);
      // After logout the session-less double submit applies again (the SPA signs in anew).
      assert.equal((await spa.request('POST', '/logout')).statusCode, 204);
      await spa.signIn('tossed@example.com', CRDM_PASSWORD);
      assert.equal((await spa.request('PATCH', '/api/user/preferences/darkMode', { state: false })).statusCode, 200);
    });
  });
}
