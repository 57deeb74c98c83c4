// Native API, part one, over real migrations on SQLite and PostgreSQL: sign-up,
// the token endpoint, /v1/me, logout, JWKS, health, OpenAPI.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { dialects } from '../../helpers/databases.js';
import { bearer, me, passwordGrant, PASSWORD, refreshGrant, signedInUser, signUp } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`native API part one on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    describe('POST /v1/signup', () => {
      test('creates the account and answers 201 with the user, never the password', async () => {
        const res = await signUp(t.app, '  New.User@Example.com ', PASSWORD, { first_name: 'Léa', locale: 'fr' });
        assert.equal(res.statusCode, 201);
        const { user } = res.json();
        assert.equal(user.email, 'New.User@Example.com');
        assert.equal(user.first_name, 'Léa');
        assert.equal(user.role, 'user');
        assert.equal(user.level, 1);
        assert.equal(user.locale, 'fr');
        assert.equal(user.email_verified, false);
        assert.equal(typeof user.id, 'number');
        assert.doesNotMatch(res.body, /password|argon2/i);
      });

      test('an email taken in another case → 409 email_taken, problem+json', async () => {
        const res = await signUp(t.app, 'NEW.USER@example.com');
        assert.equal(res.statusCode, 409);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        const body = res.json();
        assert.equal(body.code, 'email_taken');
        assert.equal(body.status, 409);
        assert.equal(typeof body.request_id, 'string');
        assert.equal(body.request_id, res.headers['x-request-id']);
      });

      test('a malformed email, a short password, an unknown field → 400/422 with the reason, nothing written', async () => {
        const badEmail = await signUp(t.app, 'not-an-email');
        assert.equal(badEmail.statusCode, 400);
        assert.deepEqual(Object.keys(badEmail.json().errors), ['email']);
        const short = await signUp(t.app, 'short@example.com', 'tiny');
        assert.equal(short.statusCode, 422);
        assert.equal(short.json().code, 'policy_violation');
        assert.ok(short.json().rules.includes('too_short'));
        const extra = await signUp(t.app, 'extra@example.com', PASSWORD, { role: 'admin' });
        assert.equal(extra.statusCode, 400);
        assert.deepEqual(extra.json().errors, { role: ['is not a field that can be set here'] });
        for (const email of ['short@example.com', 'extra@example.com']) {
          assert.equal((await passwordGrant(t.app, email)).statusCode, 400, `${email} must not exist`);
        }
      });

      test('two parallel sign-ups with one email make exactly one account', async () => {
        const results = await Promise.all([signUp(t.app, 'twice@example.com'), signUp(t.app, 'TWICE@example.com')]);
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409]);
      });

      test('a body that is not JSON → 400, never a 500', async () => {
        const res = await t.app.inject({ method: 'POST', url: '/v1/signup', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'bad_request');
      });
    });

    describe('POST /v1/token', () => {
      test('password grant, form-encoded: a signed EdDSA JWT with kid, iss, aud, sub, sid, 15-minute exp', async () => {
        await signUp(t.app, 'grant@example.com');
        const res = await passwordGrant(t.app, 'GRANT@example.com');
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['cache-control'], 'no-store');
        const body = res.json();
        assert.equal(body.token_type, 'Bearer');
        assert.equal(body.expires_in, 900);
        const header = decodeProtectedHeader(body.access_token);
        assert.equal(header.alg, 'EdDSA');
        assert.equal(typeof header.kid, 'string');
        const claims = decodeJwt(body.access_token);
        assert.equal(claims.iss, t.config.tokens.issuer);
        assert.equal(claims.aud, 'sesame');
        assert.equal(typeof claims.sid, 'string');
        assert.equal(claims.exp! - claims.iat!, 900);
        assert.equal((await me(t.app, body.access_token)).json().email, 'grant@example.com');
      });

      test('password grant as JSON works too', async () => {
        const res = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'grant@example.com', password: PASSWORD } });
        assert.equal(res.statusCode, 200);
      });

      test('wrong password and unknown email give the same RFC 6749 invalid_grant', async () => {
        const wrong = await passwordGrant(t.app, 'grant@example.com', 'wrong password here');
        const unknown = await passwordGrant(t.app, 'nobody@example.com', 'wrong password here');
        assert.equal(wrong.statusCode, 400);
        assert.deepEqual(wrong.json(), unknown.json());
        assert.equal(wrong.json().error, 'invalid_grant');
      });

      test('unsupported grant type and missing fields', async () => {
        const res = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'client_credentials' } });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error, 'unsupported_grant_type');
        const missing = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password' } });
        assert.equal(missing.json().error, 'invalid_request');
        const noGrant = await t.app.inject({ method: 'POST', url: '/v1/token', payload: {} });
        assert.equal(noGrant.statusCode, 400);
        assert.equal(noGrant.json().error, 'invalid_request');
      });

      test('refresh grant rotates; reusing a spent refresh token fails and kills the token it was rotated into', async () => {
        const first = await signedInUser(t.app, 'rotate@example.com');
        const second = await refreshGrant(t.app, first.refresh_token);
        assert.equal(second.statusCode, 200);
        const rotated = second.json();
        assert.notEqual(rotated.refresh_token, first.refresh_token);
        assert.equal((await me(t.app, rotated.access_token)).statusCode, 200);

        const replay = await refreshGrant(t.app, first.refresh_token);
        assert.equal(replay.statusCode, 400);
        assert.equal(replay.json().error, 'invalid_grant');
        assert.equal((await refreshGrant(t.app, rotated.refresh_token)).statusCode, 400, 'the rotated token dies too');
        assert.equal((await me(t.app, rotated.access_token)).statusCode, 401, 'and so does the session behind it');
      });

      test('two concurrent uses of one refresh token: at most one succeeds', async () => {
        const tokens = await signedInUser(t.app, 'race-refresh@example.com');
        const results = await Promise.all([refreshGrant(t.app, tokens.refresh_token), refreshGrant(t.app, tokens.refresh_token)]);
        assert.ok(results.filter((r) => r.statusCode === 200).length <= 1);
        assert.ok(results.some((r) => r.statusCode === 400));
      });

      test('a forged or malformed refresh token → invalid_grant', async () => {
        for (const token of ['nope', 'AAAAAAAAAAAAAAAA.' + 'B'.repeat(43)]) {
          assert.equal((await refreshGrant(t.app, token)).json().error, 'invalid_grant');
        }
      });
    });

    describe('/v1/me', () => {
      test('GET without or with a bad token → 401 problem+json with WWW-Authenticate', async () => {
        const none = await t.app.inject({ method: 'GET', url: '/v1/me' });
        assert.equal(none.statusCode, 401);
        assert.equal(none.json().code, 'unauthenticated');
        assert.equal(none.headers['www-authenticate'], 'Bearer');
        const bad = await me(t.app, 'not.a.jwt');
        assert.equal(bad.statusCode, 401);
        assert.equal(bad.json().code, 'token_invalid');
      });

      test('PATCH updates profile fields only', async () => {
        const { access_token } = await signedInUser(t.app, 'patch@example.com');
        const res = await t.app.inject({
          method: 'PATCH',
          url: '/v1/me',
          headers: bearer(access_token),
          payload: { first_name: 'Ana', address: { city: 'Nantes' }, dark_mode: true, birthdate: '1991-02-03', locale: 'de' },
        });
        assert.equal(res.statusCode, 200);
        const user = res.json();
        assert.equal(user.first_name, 'Ana');
        assert.deepEqual(user.address, { street: null, city: 'Nantes', zip: null, country: null });
        assert.equal(user.dark_mode, true);
        assert.equal(user.birthdate, '1991-02-03');
        assert.equal(user.locale, 'de');
        assert.equal((await me(t.app, access_token)).json().address.city, 'Nantes');
      });

      test('PATCH with "" clears a username or a birthdate, as null does', async () => {
        const { access_token } = await signedInUser(t.app, 'clear@example.com');
        const set = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(access_token), payload: { username: 'clearme', birthdate: '1990-01-02' } });
        assert.equal(set.statusCode, 200);
        const cleared = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(access_token), payload: { username: '', birthdate: '' } });
        assert.equal(cleared.statusCode, 200, cleared.body);
        assert.equal(cleared.json().username, null);
        assert.equal(cleared.json().birthdate, null);
        const refused = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(access_token), payload: { birthdate: 'yesterday' } });
        assert.equal(refused.statusCode, 400);
      });

      test('PATCH with role, email, email_verified, id or an unknown field → 400 and nothing written', async () => {
        const { access_token } = await signedInUser(t.app, 'mass@example.com');
        for (const field of ['role', 'email', 'email_verified', 'id', 'is_admin']) {
          const res = await t.app.inject({
            method: 'PATCH',
            url: '/v1/me',
            headers: bearer(access_token),
            payload: { first_name: 'Changed', [field]: field === 'email' ? 'x@example.com' : 'admin' },
          });
          assert.equal(res.statusCode, 400, field);
          assert.equal(res.json().code, 'validation_failed');
          assert.ok(res.json().errors[field], field);
        }
        const user = (await me(t.app, access_token)).json();
        assert.equal(user.first_name, null);
        assert.equal(user.role, 'user');
        assert.equal(user.email, 'mass@example.com');
      });

      test('PATCH with a bad birthdate → 400 naming the field', async () => {
        const { access_token } = await signedInUser(t.app, 'bday@example.com');
        const res = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(access_token), payload: { birthdate: '2020-02-30' } });
        assert.equal(res.statusCode, 400);
        assert.ok(res.json().errors.birthdate);
      });

      test('a username taken by someone else → 409 username_taken', async () => {
        const a = await signedInUser(t.app, 'name-a@example.com');
        const b = await signedInUser(t.app, 'name-b@example.com');
        assert.equal((await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(a.access_token), payload: { username: 'Chef' } })).statusCode, 200);
        const res = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(b.access_token), payload: { username: 'chef' } });
        assert.equal(res.statusCode, 409);
        assert.equal(res.json().code, 'username_taken');
      });

      test('DELETE needs the password; then every session ends and sign-in is refused', async () => {
        const first = await signedInUser(t.app, 'leaving@example.com');
        const second = (await passwordGrant(t.app, 'leaving@example.com')).json();
        const wrong = await t.app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(first.access_token), payload: { password: 'not the password' } });
        assert.equal(wrong.statusCode, 400);
        assert.equal(wrong.json().code, 'invalid_credentials');
        const res = await t.app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(first.access_token), payload: { password: PASSWORD } });
        assert.equal(res.statusCode, 204);
        assert.equal((await me(t.app, first.access_token)).statusCode, 401);
        assert.equal((await me(t.app, second.access_token)).statusCode, 401);
        assert.equal((await refreshGrant(t.app, second.refresh_token)).statusCode, 400);
        assert.equal((await passwordGrant(t.app, 'leaving@example.com')).json().error, 'invalid_grant');
      });
    });

    describe('sessions and logout', () => {
      test('after logout the same access token gets 401 at once, and its refresh token is dead', async () => {
        const tokens = await signedInUser(t.app, 'logout@example.com');
        const res = await t.app.inject({ method: 'POST', url: '/v1/logout', headers: bearer(tokens.access_token) });
        assert.equal(res.statusCode, 204);
        assert.equal((await me(t.app, tokens.access_token)).statusCode, 401);
        assert.equal((await refreshGrant(t.app, tokens.refresh_token)).statusCode, 400);
      });

      test('logout ends only the current session', async () => {
        const one = await signedInUser(t.app, 'two-devices@example.com');
        const two = (await passwordGrant(t.app, 'two-devices@example.com')).json();
        await t.app.inject({ method: 'POST', url: '/v1/logout', headers: bearer(one.access_token) });
        assert.equal((await me(t.app, two.access_token)).statusCode, 200);
      });

      test('an access token past its exp → 401 token_expired; a session idle too long → 401', async () => {
        const tokens = await signedInUser(t.app, 'clock@example.com');
        clock.advance(901);
        const expired = await me(t.app, tokens.access_token);
        assert.equal(expired.statusCode, 401);
        assert.equal(expired.json().code, 'token_expired');
        const fresh = await refreshGrant(t.app, tokens.refresh_token);
        assert.equal(fresh.statusCode, 200, 'the refresh token still works within the session');
        clock.advance(t.config.sessions.idleTimeoutSeconds + 1);
        assert.equal((await refreshGrant(t.app, fresh.json().refresh_token)).statusCode, 400, 'idle session is over');
      });
    });

    describe('public documents', () => {
      test('GET /.well-known/jwks.json publishes the Ed25519 key that signs tokens', async () => {
        const { access_token } = await signedInUser(t.app, 'jwks@example.com');
        const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
        assert.equal(res.statusCode, 200);
        const { keys } = res.json();
        const kid = decodeProtectedHeader(access_token).kid;
        const key = keys.find((k: { kid: string }) => k.kid === kid);
        assert.equal(key.kty, 'OKP');
        assert.equal(key.crv, 'Ed25519');
        assert.equal(key.d, undefined, 'never the private part');
      });

      test('GET /healthz checks the database', async () => {
        const res = await t.app.inject({ method: 'GET', url: '/healthz' });
        assert.deepEqual(res.json(), { status: 'ok', database: 'ok' });
      });

      test('GET /openapi.json is OpenAPI 3.1 describing the routes; /docs renders', async () => {
        const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
        assert.equal(doc.openapi, '3.1.0');
        for (const path of ['/v1/signup', '/v1/token', '/v1/me', '/v1/logout', '/.well-known/jwks.json', '/healthz']) {
          assert.ok(doc.paths[path], path);
        }
        const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
        assert.equal(docs.statusCode, 200);
        assert.match(docs.body, /<html/i);
      });

      test('an unknown route → 404 problem+json', async () => {
        const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here' });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'not_found');
      });
    });
  });
}
