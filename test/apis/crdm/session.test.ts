// crdm contract, sign-in part (seed 004 "Authentification"): the XSRF cookie,
// login with its 422/401 answers, logout, remember-me, session fixation, and the
// same plugin alone at the root of its own port.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildSeedApiApp } from '../../../src/app.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { CRDM_PASSWORD, createAdmin, createMember } from '../../helpers/crdm-fixtures.js';
import { Spa } from '../../helpers/crdm-client.js';
import { assertShape } from '../../helpers/shape-snapshots.js';
import { startTestApp, TestClock, type TestApp } from '../../helpers/test-app.js';

const SNAPSHOTS = 'crdm-session.json';

for (const dialect of dialects) {
  describe(`crdm sign-in on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    const clock = new TestClock();

    before(async () => {
      database = await dialect.create();
      t = await startTestApp(database, { clock });
      await createAdmin(t);
      await createMember(t, 'christophe@crdm.test', { locale: 'fr' });
    });
    after(async () => {
      await t.close();
      await database.drop();
    });

    test('GET /sanctum/csrf-cookie: 204 and a readable, URL-encoded XSRF-TOKEN cookie', async () => {
      const spa = new Spa(t.app);
      const response = await spa.csrf();
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');
      const cookie = spa.jar.get('XSRF-TOKEN');
      assert.ok(cookie, 'XSRF-TOKEN is set');
      assert.equal(cookie.httpOnly, false, 'the page script must read it');
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.secure, false, 'no Secure flag on localhost');
      assert.equal(cookie.path, '/');
      assert.match(decodeURIComponent(cookie.value), /^[A-Za-z0-9+/]{54}==$/);
    });

    test('cookies are Secure outside localhost', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/crdm/sanctum/csrf-cookie', headers: { host: 'crdm.example.com' } });
      assert.match(String(response.headers['set-cookie']), /; Secure/);
    });

    test('state-changing requests without the X-XSRF-TOKEN echo, or with a wrong one, get 419', async () => {
      const spa = new Spa(t.app);
      const noCookie = await spa.request('POST', '/login', { email: 'admin@crdm.test', password: CRDM_PASSWORD, remember: false });
      assert.equal(noCookie.statusCode, 419);
      assert.deepEqual(noCookie.json(), { message: 'CSRF token mismatch.' });
      await spa.csrf();
      const forged = await spa.request('POST', '/login', { email: 'admin@crdm.test', password: CRDM_PASSWORD, remember: false }, { withoutXsrf: true });
      assert.equal(forged.statusCode, 419);
      const wrong = await spa.request('POST', '/login', { email: 'admin@crdm.test', password: CRDM_PASSWORD, remember: false }, {
        headers: { 'x-xsrf-token': 'not-the-token' },
      });
      assert.deepEqual([wrong.statusCode, wrong.json()], [419, { message: 'CSRF token mismatch.' }]);
      assert.equal(spa.sessionCookie(), undefined, 'no session was started');
    });

    test('the echo may come URL-encoded or decoded, as axios and hand-written clients send it', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const raw = spa.jar.get('XSRF-TOKEN')!.value;
      assert.notEqual(raw, decodeURIComponent(raw), 'the cookie really is URL-encoded');
      const response = await spa.request('POST', '/login', { email: 'admin@crdm.test', password: CRDM_PASSWORD, remember: false }, {
        headers: { 'x-xsrf-token': raw },
      });
      assert.equal(response.statusCode, 204);
    });

    test('POST /login: 204, an HttpOnly SameSite=Lax session cookie that ends with the browser; GET /api/user/ works', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const response = await spa.request('POST', '/login', { email: 'ADMIN@crdm.test ', password: CRDM_PASSWORD, remember: false });
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');
      const session = spa.jar.get('crdm_session')!;
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.maxAge, null, 'a browser-session cookie without remember');
      assert.equal(spa.jar.readable('crdm_session'), undefined, 'scripts cannot read it');
      const me = await spa.request('GET', '/api/user/');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json()[0].email, 'admin@crdm.test');
    });

    test('POST /login with nothing: the document\'s 422 body, in English by default', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const response = await spa.request('POST', '/login', {});
      assert.equal(response.statusCode, 422);
      assert.deepEqual(response.json(), {
        message: 'The given data was invalid.',
        errors: {
          email: ['The email field is required.'],
          password: ['The password field is required.'],
          remember: ['The remember field is required.'],
        },
      });
      assertShape(SNAPSHOTS, 'login 422', response.json());
    });

    test('POST /login 422 in French, Spanish and German from Accept-Language; malformed values', async () => {
      const fr = new Spa(t.app, '/crdm', 'fr-FR,fr;q=0.9,en;q=0.5');
      await fr.csrf();
      const response = await fr.request('POST', '/login', { email: 'pas-un-email', remember: 'peut-être' });
      assert.deepEqual(response.json(), {
        message: 'Les données fournies sont invalides.',
        errors: {
          email: ['Le champ adresse e-mail doit être une adresse e-mail valide.'],
          password: ['Le champ mot de passe est obligatoire.'],
          remember: ['Le champ se souvenir de moi doit être vrai ou faux.'],
        },
      });
      const es = new Spa(t.app, '/crdm', 'es');
      await es.csrf();
      assert.deepEqual((await es.request('POST', '/login', { email: 'a@b.co', remember: true })).json(), {
        message: 'Los datos proporcionados no son válidos.',
        errors: { password: ['El campo contraseña es obligatorio.'] },
      });
      const de = new Spa(t.app, '/crdm', 'de');
      await de.csrf();
      assert.deepEqual((await de.request('POST', '/login', { email: 'a@b.co', remember: true })).json().errors, {
        password: ['Passwort muss ausgefüllt werden.'],
      });
    });

    test('POST /login with bad credentials: 401, the same for an unknown email and a wrong password', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const wrong = await spa.request('POST', '/login', { email: 'admin@crdm.test', password: 'Wrong-passw0rd!', remember: false });
      const unknown = await spa.request('POST', '/login', { email: 'nobody@crdm.test', password: 'Wrong-passw0rd!', remember: false });
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.json(), { message: 'These credentials do not match our records.' });
      assert.deepEqual([unknown.statusCode, unknown.json()], [401, wrong.json()]);
      assert.equal(spa.sessionCookie(), undefined);
      assertShape(SNAPSHOTS, 'login 401', wrong.json());
    });

    test('session fixation: the session id changes at login and the one the browser had dies', async () => {
      const spa = new Spa(t.app);
      await spa.signIn('christophe@crdm.test', CRDM_PASSWORD);
      const first = spa.sessionCookie()!;
      await spa.signIn('christophe@crdm.test', CRDM_PASSWORD);
      const second = spa.sessionCookie()!;
      assert.notEqual(first, second);
      assert.notEqual(first.split('.')[0], second.split('.')[0], 'a new session id, not just a new secret');
      const old = new Spa(t.app);
      old.jar.set('crdm_session', first);
      assert.equal((await old.request('GET', '/api/user/')).statusCode, 401);
      // A cookie planted before login is never adopted as the session.
      const planted = new Spa(t.app);
      planted.jar.set('crdm_session', 'AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
      await planted.signIn('christophe@crdm.test', CRDM_PASSWORD);
      assert.notEqual(planted.sessionCookie(), 'AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    });

    test('POST /logout: 204, the session is destroyed server-side, a new XSRF token; then 401', async () => {
      const spa = new Spa(t.app);
      await spa.signIn('christophe@crdm.test', CRDM_PASSWORD);
      const token = spa.sessionCookie()!;
      const xsrf = spa.jar.get('XSRF-TOKEN')!.value;
      const response = await spa.request('POST', '/logout');
      assert.equal(response.statusCode, 204);
      assert.equal(spa.sessionCookie(), undefined, 'the cookie is cleared');
      assert.notEqual(spa.jar.get('XSRF-TOKEN')!.value, xsrf);
      const replay = new Spa(t.app);
      replay.jar.set('crdm_session', token);
      const after = await replay.request('GET', '/api/user/');
      assert.deepEqual([after.statusCode, after.json()], [401, { message: 'Unauthenticated.' }]);
      const again = await spa.request('POST', '/logout');
      assert.deepEqual([again.statusCode, again.json()], [401, { message: 'Unauthenticated.' }]);
    });

    test('remember-me: a persistent cookie and a session that outlives the idle timeout; without it, 2 hours idle ends it', async () => {
      const remembered = new Spa(t.app);
      await remembered.signIn('christophe@crdm.test', CRDM_PASSWORD, true);
      const cookie = remembered.jar.get('crdm_session')!;
      assert.equal(cookie.maxAge, t.config.sessions.absoluteLifetimeSeconds);
      const plain = new Spa(t.app);
      await plain.signIn('christophe@crdm.test', CRDM_PASSWORD, false);
      clock.advance(3 * 60 * 60);
      remembered.jar.restartBrowser();
      plain.jar.restartBrowser();
      assert.equal(plain.sessionCookie(), undefined, 'the browser forgot the session cookie');
      assert.equal((await remembered.request('GET', '/api/user/')).statusCode, 200, 'remembered after 3 idle hours');
      const stale = new Spa(t.app);
      const plainAgain = new Spa(t.app);
      await plainAgain.signIn('christophe@crdm.test', CRDM_PASSWORD, false);
      stale.jar.set('crdm_session', plainAgain.sessionCookie()!);
      clock.advance(2 * 60 * 60);
      assert.equal((await stale.request('GET', '/api/user/')).statusCode, 401, 'idle for 2 hours');
    });

    test('a deleted user cannot sign in', async () => {
      const member = await createMember(t, 'gone@crdm.test');
      await t.core.accounts.softDelete(member.id, null, null);
      const spa = new Spa(t.app);
      await spa.csrf();
      const response = await spa.request('POST', '/login', { email: 'gone@crdm.test', password: CRDM_PASSWORD, remember: false });
      assert.equal(response.statusCode, 401);
    });

    test('unknown routes answer Laravel\'s 404 inside the API', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/crdm/api/nothing' });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { message: 'The route crdm/api/nothing could not be found.' });
    });

    test('unreadable bodies get Laravel-style answers, never a 500', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const broken = await spa.request('POST', '/login', undefined, {
        headers: { 'content-type': 'application/json' },
      });
      assert.ok([400, 422].includes(broken.statusCode), `status ${broken.statusCode}`);
      assert.equal(typeof broken.json().message, 'string');
      const garbage = await t.app.inject({
        method: 'POST',
        url: '/crdm/login',
        headers: {
          'content-type': 'application/json',
          cookie: `XSRF-TOKEN=${spa.jar.get('XSRF-TOKEN')!.value}`,
          'x-xsrf-token': decodeURIComponent(spa.jar.get('XSRF-TOKEN')!.value),
        },
        payload: '{"email": ',
      });
      assert.deepEqual([garbage.statusCode, garbage.json()], [400, { message: 'The request could not be read.' }]);
      const form = await spa.request('POST', '/login', 'email=admin%40crdm.test&password=' + encodeURIComponent(CRDM_PASSWORD) + '&remember=1', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.statusCode, 204, 'a classic form post works too');
    });

    test('the crdm routes stay out of the native /openapi.json', async () => {
      const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: object };
      assert.ok(Object.keys(document.paths).length > 0);
      assert.ok(Object.keys(document.paths).every((path) => !path.startsWith('/crdm')));
    });

    test('the same API at the root of its own port, as http://example.com/login clients expect', async () => {
      const own = await buildSeedApiApp({ config: t.config, core: t.core, store: t.store, domains: t.domains }, 'crdm');
      assert.ok(own);
      try {
        const spa = new Spa(own, '');
        await spa.signIn('admin@crdm.test', CRDM_PASSWORD);
        const me = await spa.request('GET', '/api/user/');
        assert.equal(me.statusCode, 200);
        assert.equal(me.json()[0].email, 'admin@crdm.test');
        const missing = await own.inject({ method: 'GET', url: '/v1/me' });
        assert.deepEqual(missing.json(), { message: 'The route v1/me could not be found.' });
      } finally {
        await own.close();
      }
    });
  });
}
