// Coin du Chef, seed 003 (authentication), endpoint by endpoint on both databases:
// POST /register, POST /token, GET /users/me/, the 30-minute token, sessions
// checked on every request, the mount at the root of its own port, and the same
// accounts as the native API.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { decodeJwt } from 'jose';
import { buildSeedApiApp } from '../../../src/app.js';
import { dialects } from '../../helpers/databases.js';
import { passwordGrant, signUp, me as nativeMe } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { BASE, CDC_PASSWORD, call, person, register, token, tokenFor } from '../../helpers/coinduchef-client.js';

const TOKEN_INVALID = { detail: 'Token invalide ou vide.' };

for (const dialect of dialects) {
  describe(`coinduchef authentication on ${dialect.name}`, () => {
    const clock = new TestClock();

    const t = useTestApp(dialect, { clock });

    test('POST /register with the documented body: 201 and the documented user object, nothing more', async () => {
      const response = await register(t.app, {
        prenom: 'Jean',
        nom: 'Dupont',
        courriel: 'jean.dupont@example.com',
        mot_de_passe: CDC_PASSWORD,
        role: 'UTILISATEUR',
      });
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.deepEqual(body, {
        id: body.id,
        prenom: 'Jean',
        nom: 'Dupont',
        courriel: 'jean.dupont@example.com',
        role: 'UTILISATEUR',
        created_at: '2026-11-25T10:00:00',
        updated_at: '2026-11-25T10:00:00',
      });
      assert.equal(typeof body.id, 'number');
      assert.doesNotMatch(response.body, /mot_de_passe|argon|hash/);
    });

    test('POST /register: role defaults to UTILISATEUR; MODERATEUR and ADMIN are refused with 400 (an administrator gives them)', async () => {
      const plain = await register(t.app, person('sans.role@example.com', { role: undefined }));
      assert.equal(plain.json().role, 'UTILISATEUR');
      for (const [courriel, role] of [['modo@example.com', 'MODERATEUR'], ['chef@example.com', 'ADMIN']] as const) {
        const refused = await register(t.app, person(courriel, { role }));
        assert.equal(refused.statusCode, 400, role);
        assert.deepEqual(refused.json(), {
          detail: "Les rôles MODERATEUR et ADMIN sont attribués par un administrateur ; l'inscription crée un compte UTILISATEUR.",
        });
        assert.equal((await token(t.app, courriel)).statusCode, 401, 'no account was made');
      }
    });

    test('POST /register: an existing user (any case) is a 400 with a detail', async () => {
      await register(t.app, person('existe@example.com'));
      const again = await register(t.app, person('  EXISTE@Example.com'));
      assert.equal(again.statusCode, 400);
      assert.deepEqual(again.json(), { detail: 'Un utilisateur avec ce courriel existe déjà.' });
    });

    test('POST /register: invalid data is a 400 with the FastAPI validation list', async () => {
      const empty = await register(t.app, {});
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(empty.json(), {
        detail: ['prenom', 'nom', 'courriel', 'mot_de_passe'].map((field) => ({
          loc: ['body', field],
          msg: 'Field required',
          type: 'missing',
        })),
      });

      const badEmail = await register(t.app, person('pas-un-courriel'));
      assert.deepEqual(badEmail.json(), {
        detail: [{ loc: ['body', 'courriel'], msg: 'must be a valid email address', type: 'value_error' }],
      });

      const shortPassword = await register(t.app, person('court@example.com', { mot_de_passe: 'zq9!xvmotd' }));
      assert.equal(shortPassword.statusCode, 400);
      assert.deepEqual(shortPassword.json(), {
        detail: [{ loc: ['body', 'mot_de_passe'], msg: 'Le mot de passe doit contenir au moins 12 caractères.', type: 'value_error' }],
      });

      const badRole = await register(t.app, person('role@example.com', { role: 'CHEF' }));
      assert.deepEqual(badRole.json(), {
        detail: [{ loc: ['body', 'role'], msg: "Input should be 'ADMIN', 'MODERATEUR' or 'UTILISATEUR'", type: 'enum' }],
      });

      const emptyName = await register(t.app, person('vide@example.com', { prenom: '' }));
      assert.deepEqual(emptyName.json(), {
        detail: [{ loc: ['body', 'prenom'], msg: 'String should have at least 1 character', type: 'string_too_short' }],
      });

      const notJson = await t.app.inject({
        method: 'POST',
        url: `${BASE}/register`,
        headers: { 'content-type': 'application/json' },
        payload: '{"prenom": ',
      });
      assert.equal(notJson.statusCode, 400);
      assert.deepEqual(notJson.json(), { detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }] });

      const noBody = await t.app.inject({ method: 'POST', url: `${BASE}/register` });
      assert.equal(noBody.statusCode, 400);
      assert.deepEqual(noBody.json(), { detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] });
      for (const response of [empty, badEmail, shortPassword, badRole, emptyName]) assert.equal(response.statusCode, 400);
    });

    test('POST /register: two at once with one email make one account', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => register(t.app, person(i % 2 ? 'course@example.com' : 'COURSE@example.com'))),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 400, 400, 400, 400, 400]);
    });

    test('POST /token as the documented curl: {access_token, token_type: "bearer"}, valid 30 minutes', async () => {
      await register(t.app, person('curl@example.com'));
      const response = await token(t.app, 'curl@example.com');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      const body = response.json();
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'token_type']);
      assert.equal(body.token_type, 'bearer');
      const claims = decodeJwt(body.access_token);
      assert.equal(claims.exp! - claims.iat!, 1800);
    });

    test('POST /token: wrong password, unknown user, deleted user: one 401 with WWW-Authenticate: Bearer', async () => {
      const { user } = await (async () => {
        const created = await register(t.app, person('efface@example.com'));
        return { user: created.json() };
      })();
      await register(t.app, person('mauvais@example.com'));
      await t.core.accounts.softDelete(user.id, null, null);
      for (const [username, password] of [
        ['mauvais@example.com', 'pas le bon mot de passe'],
        ['inconnu@example.com', CDC_PASSWORD],
        ['efface@example.com', CDC_PASSWORD],
      ] as const) {
        const response = await token(t.app, username, password);
        assert.equal(response.statusCode, 401, username);
        assert.equal(response.headers['www-authenticate'], 'Bearer');
        assert.deepEqual(response.json(), { detail: 'Identifiants incorrects' });
      }
    });

    test('POST /token: missing fields and another grant_type are validation errors', async () => {
      const form = (payload: string) =>
        t.app.inject({
          method: 'POST',
          url: `${BASE}/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        });
      const missing = await form('username=a%40example.com');
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json(), { detail: [{ loc: ['body', 'password'], msg: 'Field required', type: 'missing' }] });
      const grant = await form('grant_type=refresh_token&username=a%40example.com&password=x');
      assert.deepEqual(grant.json(), {
        detail: [{ loc: ['body', 'grant_type'], msg: "String should match pattern '^password$'", type: 'string_pattern_mismatch' }],
      });
    });

    test('GET /users/me/: the documented user object; with or without the trailing slash', async () => {
      const created = (await register(t.app, person('moi@example.com', { prenom: 'Zoé', nom: 'Martin' }))).json();
      const { token: accessToken } = await tokenFor(t.app, 'moi@example.com');
      for (const path of ['/users/me/', '/users/me']) {
        const response = await call(t.app, 'GET', path, accessToken);
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), {
          id: created.id,
          prenom: 'Zoé',
          nom: 'Martin',
          courriel: 'moi@example.com',
          role: 'UTILISATEUR',
          created_at: '2026-11-25T10:00:00',
          updated_at: '2026-11-25T10:00:00',
        });
      }
    });

    test('GET /users/me/: missing, empty, malformed or foreign token: 400 {"detail": "Token invalide ou vide."}', async () => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: '' },
        { authorization: 'Bearer ' },
        { authorization: 'Bearer pas.un.jeton' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
      ];
      for (const headers of attempts) {
        const response = await t.app.inject({ method: 'GET', url: `${BASE}/users/me/`, headers });
        assert.equal(response.statusCode, 400, JSON.stringify(headers));
        assert.deepEqual(response.json(), TOKEN_INVALID);
      }
    });

    test('a token works for 30 minutes and not a second after: 31 minutes old it is refused', async () => {
      await register(t.app, person('horloge@example.com'));
      const { token: accessToken } = await tokenFor(t.app, 'horloge@example.com');
      clock.advance(29 * 60);
      assert.equal((await call(t.app, 'GET', '/users/me/', accessToken)).statusCode, 200);
      clock.advance(2 * 60);
      const late = await call(t.app, 'GET', '/users/me/', accessToken);
      assert.equal(late.statusCode, 400);
      assert.deepEqual(late.json(), TOKEN_INVALID);
      const elsewhere = await call(t.app, 'GET', '/recettes/', accessToken);
      assert.equal(elsewhere.statusCode, 401);
      assert.equal(elsewhere.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(elsewhere.json(), TOKEN_INVALID);
    });

    test('the session behind a token is checked on every request: ending it elsewhere takes effect at once', async () => {
      const created = (await register(t.app, person('session@example.com'))).json();
      const { token: accessToken } = await tokenFor(t.app, 'session@example.com');
      assert.equal((await call(t.app, 'GET', '/users/me/', accessToken)).statusCode, 200);
      // What a password reset or "sign out everywhere" through another API does.
      await t.core.sessions.revokeAll(created.id);
      assert.deepEqual((await call(t.app, 'GET', '/users/me/', accessToken)).json(), TOKEN_INVALID);
      assert.equal((await call(t.app, 'GET', `/utilisateurs/${created.id}`, accessToken)).statusCode, 401);
    });

    test('logging out through the native API ends the same session here at once', async () => {
      await register(t.app, person('logout@example.com'));
      const { token: accessToken } = await tokenFor(t.app, 'logout@example.com');
      const logout = await t.app.inject({ method: 'POST', url: '/v1/logout', headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(logout.statusCode, 204);
      assert.deepEqual((await call(t.app, 'GET', '/users/me/', accessToken)).json(), TOKEN_INVALID);
      const { token: fresh } = await tokenFor(t.app, 'logout@example.com');
      assert.equal((await call(t.app, 'GET', '/users/me/', fresh)).statusCode, 200, 'a new sign-in works');
    });

    test('a user registered here signs in on /v1/token, and a native user signs in here', async () => {
      await register(t.app, person('partout@example.com', { prenom: 'Ana', nom: 'Lopez' }));
      const native = await passwordGrant(t.app, 'partout@example.com', CDC_PASSWORD);
      assert.equal(native.statusCode, 200);
      const nativeUser = (await nativeMe(t.app, native.json().access_token)).json();
      assert.equal(nativeUser.first_name, 'Ana');
      assert.equal(nativeUser.last_name, 'Lopez');
      assert.equal(nativeUser.role, 'user');

      assert.equal((await signUp(t.app, 'natif@example.com', CDC_PASSWORD, { first_name: 'Nina' })).statusCode, 201);
      const here = await token(t.app, 'NATIF@example.com');
      assert.equal(here.statusCode, 200);
      const mine = (await call(t.app, 'GET', '/users/me/', here.json().access_token)).json();
      assert.equal(mine.courriel, 'natif@example.com');
      assert.equal(mine.prenom, 'Nina');
      assert.equal(mine.nom, null);
      assert.equal(mine.role, 'UTILISATEUR');
    });

    test('the same plugin at the root of its own port', async () => {
      const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
      const alone = await buildSeedApiApp({ config: t.config, core: t.core, store: t.store, domains: t.domains, logStream: quiet }, 'coinduchef');
      assert.ok(alone);
      try {
        const created = await alone.inject({ method: 'POST', url: '/register', payload: person('racine@example.com') as object });
        assert.equal(created.statusCode, 201);
        const issued = await alone.inject({
          method: 'POST',
          url: '/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `username=racine%40example.com&password=${encodeURIComponent(CDC_PASSWORD)}`,
        });
        const me = await alone.inject({
          method: 'GET',
          url: '/users/me/',
          headers: { authorization: `Bearer ${issued.json().access_token}` },
        });
        assert.equal(me.json().courriel, 'racine@example.com');
        const unknown = await alone.inject({ method: 'GET', url: '/v1/me' });
        assert.equal(unknown.statusCode, 404);
        assert.deepEqual(unknown.json(), { detail: 'Not Found' });
        assert.deepEqual((await alone.inject({ method: 'GET', url: '/users/me/' })).json(), TOKEN_INVALID);
      } finally {
        await alone.close();
      }
    });

    test('an unknown path answers FastAPI\'s 404, a known path with another method its 405', async () => {
      const response = await t.app.inject({ method: 'GET', url: `${BASE}/inconnu` });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), { detail: 'Not Found' });
      for (const [method, path, allow] of [
        ['GET', '/token', 'POST'],
        ['DELETE', '/recettes/', 'GET, POST'],
        ['POST', '/users/me/', 'GET'],
        ['POST', '/recettes/1', 'GET, PUT'],
      ] as const) {
        const wrong = await t.app.inject({ method, url: `${BASE}${path}` });
        assert.equal(wrong.statusCode, 405, `${method} ${path}`);
        assert.equal(wrong.headers.allow, allow);
        assert.deepEqual(wrong.json(), { detail: 'Method Not Allowed' });
      }
    });
  });
}
