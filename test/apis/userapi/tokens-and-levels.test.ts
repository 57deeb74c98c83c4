// userapi contract, part two: the "TOKEN REQUIRED" routes. Where the token may come
// from, what a missing or dead one gets, and levels 1/2/3 against /getuser,
// /get_level, /update, /delete and /change_user_elev, on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { call, login, PASSWORD, userAt, withToken, type LoggedIn } from '../../helpers/userapi-client.js';

const denied = { success: false, message: 'Permission denied.' };
const unknown = { success: false, message: 'User not in database' };

for (const dialect of dialects) {
  describe(`userapi tokens and levels on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    const as = (who: LoggedIn, path: string, query: Record<string, string> = {}) =>
      call(t.app, path, { query, headers: withToken(who.token) });

    describe('where the token comes from', () => {
      test('Authorization: Bearer, x-access-token, or a token parameter in the query, a form or JSON', async () => {
        const u = await userAt(t);
        const query = { id: String(u.id) };
        const ways = [
          call(t.app, '/getuser', { query, headers: { authorization: `Bearer ${u.token}` } }),
          call(t.app, '/getuser', { query, headers: { 'x-access-token': u.token } }),
          call(t.app, '/getuser', { query: { ...query, token: u.token } }),
          call(t.app, '/getuser', { form: { ...query, token: u.token } }),
          call(t.app, '/getuser', { json: { id: u.id, token: u.token } }),
        ];
        for (const res of await Promise.all(ways)) {
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.json().id, u.id);
        }
      });

      test('missing, malformed, a refresh token in its place, expired → 401 success:false on every protected route', async () => {
        const u = await userAt(t);
        const cases: [Record<string, string>, string][] = [
          [{}, 'Token required.'],
          [{ authorization: 'Bearer not.a.jwt' }, 'Invalid token.'],
          [{ 'x-access-token': u.refresh }, 'Invalid token.'],
        ];
        for (const path of ['/getuser', '/get_level', '/update', '/delete', '/change_user_elev']) {
          for (const [headers, message] of cases) {
            const res = await call(t.app, path, { query: { id: String(u.id), level: '1' }, headers });
            assert.equal(res.statusCode, 401, `${path} ${res.body}`);
            assert.deepEqual(res.json(), { success: false, message });
            assert.equal(res.headers['www-authenticate'], 'Bearer');
          }
        }
        clock.advance(901);
        const expired = await as(u, '/getuser');
        assert.equal(expired.statusCode, 401);
        assert.deepEqual(expired.json(), { success: false, message: 'Token expired.' });
      });
    });

    describe('POST /getuser and /get_level', () => {
      test('oneself, at every level: the documented fields, never the password', async () => {
        for (const level of [1, 2, 3]) {
          const who = await userAt(t, level);
          const user = await as(who, '/getuser', { id: String(who.id) });
          assert.equal(user.statusCode, 200);
          assert.deepEqual(Object.keys(user.json()), [
            'id', 'username', 'nom', 'prenom', 'birthdate', 'email', 'level', 'has_conf', 'adding_time',
          ]);
          assert.equal(user.json().level, level);
          assert.doesNotMatch(user.body, /password|argon2/i);
          const res = await as(who, '/get_level', { id: String(who.id) });
          assert.deepEqual(res.json(), { success: true, message: 'ok', level, id: who.id });
        }
      });

      test('without id, oneself', async () => {
        const u = await userAt(t, 2);
        assert.deepEqual((await as(u, '/get_level')).json(), { success: true, message: 'ok', level: 2, id: u.id });
      });

      test('another account only from a strictly higher level', async () => {
        const [u1, u1b, m, m2, a, a2] = [
          await userAt(t, 1), await userAt(t, 1), await userAt(t, 2), await userAt(t, 2), await userAt(t, 3), await userAt(t, 3),
        ];
        const expect: [LoggedIn, LoggedIn, number][] = [
          [u1, u1b, 403], [u1, m, 403], [u1, a, 403],
          [m, u1, 200], [m, m2, 403], [m, a, 403],
          [a, u1, 200], [a, m, 200], [a, a2, 403],
        ];
        for (const [actor, target, status] of expect) {
          for (const path of ['/getuser', '/get_level']) {
            const res = await as(actor, path, { id: String(target.id) });
            assert.equal(res.statusCode, status, `level ${actor.level} → level ${target.level} on ${path}`);
            if (status === 403) assert.deepEqual(res.json(), denied);
            else assert.equal(res.json().id, target.id);
          }
        }
      });

      test('an unknown or deleted id → 404 "User not in database"; a plain user gets 403 for any other id', async () => {
        const a = await userAt(t, 3);
        const u = await userAt(t, 1);
        const gone = await userAt(t, 1);
        await call(t.app, '/delete', { query: { id: String(gone.id) }, headers: withToken(a.token) });
        for (const id of ['999999', String(gone.id)]) {
          const res = await as(a, '/getuser', { id });
          assert.equal(res.statusCode, 404);
          assert.deepEqual(res.json(), unknown);
        }
        assert.deepEqual((await as(u, '/getuser', { id: '999999' })).json(), denied);
      });

      test('a malformed id → 400', async () => {
        const u = await userAt(t);
        for (const id of ['abc', '-3', '1.5', '0']) {
          const res = await as(u, '/getuser', { id });
          assert.equal(res.statusCode, 400);
          assert.deepEqual(res.json(), { success: false, message: 'id must be a positive integer.' });
        }
      });
    });

    describe('POST /update', () => {
      const profile = (who: LoggedIn, changes: object) =>
        JSON.stringify({ id: who.id, username: `u${who.id}x`, nom: 'Martin', prenom: 'Jeanne', birthdate: '1990-01-02', email: who.email, ...changes });

      test('one updates one\'s own profile with the documented data; level and password are ignored', async () => {
        const u = await userAt(t);
        const res = await call(t.app, '/update', {
          query: { data: profile(u, { level: 3, password: 'cG1Xa1dTQkNMNTFCZmtobjc5eFB1S0JLSHovL0g2QittWTZHOS9lawV1TT0=' }) },
          headers: withToken(u.token),
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { success: true, message: 'ok' });
        const after = (await as(u, '/getuser')).json();
        assert.equal(after.nom, 'Martin');
        assert.equal(after.prenom, 'Jeanne');
        assert.equal(after.birthdate, '1990-01-02');
        assert.equal(after.username, `u${u.id}x`);
        assert.equal(after.level, 1, 'level is not changed by update');
        assert.equal((await login(t.app, u.email, PASSWORD)).statusCode, 200, 'the password is unchanged');
      });

      test('a partial data object changes only what it names; the data may be a JSON body', async () => {
        const u = await userAt(t);
        const res = await call(t.app, '/update', { json: { data: { prenom: 'Paul' } }, headers: withToken(u.token) });
        assert.equal(res.statusCode, 200);
        const after = (await as(u, '/getuser')).json();
        assert.equal(after.prenom, 'Paul');
        assert.equal(after.nom, 'Dupont');
      });

      test('another account: admins only (any level), others 403; unknown id 404', async () => {
        const [u, u2, m, a, a2] = [await userAt(t, 1), await userAt(t, 1), await userAt(t, 2), await userAt(t, 3), await userAt(t, 3)];
        const update = (actor: LoggedIn, target: LoggedIn | number) =>
          call(t.app, '/update', {
            query: { data: JSON.stringify({ id: typeof target === 'number' ? target : target.id, prenom: `by ${actor.id}` }) },
            headers: withToken(actor.token),
          });
        assert.deepEqual((await update(u, u2)).json(), denied);
        assert.deepEqual((await update(m, u)).json(), denied);
        assert.equal((await update(a, u)).statusCode, 200);
        assert.equal((await update(a, a2)).statusCode, 200);
        assert.equal((await as(a, '/getuser', { id: String(u.id) })).json().prenom, `by ${a.id}`);
        const missing = await update(a, 999999);
        assert.equal(missing.statusCode, 404);
        assert.deepEqual(missing.json(), unknown);
      });

      test('a different email, a taken username, a bad birthdate, ids that disagree → 400/409, nothing written', async () => {
        const u = await userAt(t);
        const other = await userAt(t);
        const otherName = (await as(other, '/getuser')).json().username as string;
        const cases: [object | string, number, string][] = [
          [profile(u, { email: 'someone.else@example.com', prenom: 'Changed' }), 400, 'email cannot be changed here.'],
          [profile(u, { username: otherName.toUpperCase(), prenom: 'Changed' }), 409, 'This username is already taken.'],
          [profile(u, { birthdate: '1990-13-01', prenom: 'Changed' }), 400, 'birthdate must be a past date written YYYY-MM-DD.'],
          [profile(u, { id: other.id, prenom: 'Changed' }), 400, 'id and data.id name different users.'],
          ['{"prenom": "Changed"', 400, 'data is not valid JSON.'],
        ];
        for (const [data, status, message] of cases) {
          const res = await call(t.app, '/update', { query: { id: String(u.id), data: String(data) }, headers: withToken(u.token) });
          assert.equal(res.statusCode, status, res.body);
          assert.deepEqual(res.json(), { success: false, message });
        }
        assert.equal((await as(u, '/getuser')).json().prenom, 'Michel');
      });
    });

    describe('POST /delete', () => {
      test('oneself: soft delete, the token stops working, login fails, the row stays', async () => {
        const u = await userAt(t);
        const res = await as(u, '/delete', { id: String(u.id) });
        assert.deepEqual(res.json(), { success: true, message: 'ok' });
        assert.equal((await as(u, '/getuser')).statusCode, 401);
        assert.equal((await login(t.app, u.email)).statusCode, 401);
        const row = await t.store.users.findById(u.id);
        assert.ok(row?.deletedAt, 'soft: the row is kept with deleted_at');
      });

      test('another account: an admin over a lower level only', async () => {
        const [u, u2, m, a, a2] = [await userAt(t, 1), await userAt(t, 1), await userAt(t, 2), await userAt(t, 3), await userAt(t, 3)];
        assert.deepEqual((await as(u, '/delete', { id: String(u2.id) })).json(), denied);
        assert.deepEqual((await as(m, '/delete', { id: String(u.id) })).json(), denied);
        assert.deepEqual((await as(a, '/delete', { id: String(a2.id) })).json(), denied);
        assert.deepEqual((await as(a, '/delete', { id: String(m.id) })).json(), { success: true, message: 'ok' });
        assert.deepEqual((await as(a, '/delete', { id: String(u.id) })).json(), { success: true, message: 'ok' });
        assert.equal((await as(u, '/getuser')).statusCode, 401, 'the deleted user\'s session ended');
      });

      test('the document\'s answer for an unknown or already deleted id; an id is required', async () => {
        const a = await userAt(t, 3);
        const u = await userAt(t, 1);
        await as(a, '/delete', { id: String(u.id) });
        for (const id of ['999999', String(u.id)]) {
          const res = await as(a, '/delete', { id });
          assert.equal(res.statusCode, 404);
          assert.deepEqual(res.json(), { success: false, message: 'User not in database' });
        }
        assert.deepEqual((await as(a, '/delete')).json(), { success: false, message: 'id is required.' });
      });
    });

    describe('POST /change_user_elev', () => {
      test('an admin sets levels 1, 2, 3; the new level shows at once', async () => {
        const a = await userAt(t, 3);
        const u = await userAt(t, 1);
        for (const level of [2, 3, 1]) {
          const res = await as(a, '/change_user_elev', { id: String(u.id), level: String(level) });
          assert.deepEqual(res.json(), { success: true, message: 'ok' });
          assert.equal((await as(a, '/get_level', { id: String(u.id) })).statusCode, level < 3 ? 200 : 403);
          assert.equal((await as(u, '/get_level')).json().level, level, 'the same token sees its new level');
        }
      });

      test('users and moderators may not change levels, not even their own', async () => {
        const u = await userAt(t, 1);
        const m = await userAt(t, 2);
        assert.deepEqual((await as(u, '/change_user_elev', { id: String(u.id), level: '3' })).json(), denied);
        assert.deepEqual((await as(m, '/change_user_elev', { id: String(u.id), level: '2' })).json(), denied);
        assert.deepEqual((await as(m, '/change_user_elev', { id: String(m.id), level: '3' })).json(), denied);
        assert.equal((await as(m, '/get_level')).json().level, 2);
      });

      test('a bad level, a missing id, an unknown id', async () => {
        const a = await userAt(t, 3);
        const message = 'level must be 1 (user), 2 (moderator) or 3 (admin).';
        for (const level of ['0', '4', 'admin', '']) {
          const res = await as(a, '/change_user_elev', { id: String(a.id), level });
          assert.equal(res.statusCode, 400);
          assert.deepEqual(res.json(), { success: false, message });
        }
        assert.deepEqual((await as(a, '/change_user_elev', { level: '1' })).json(), { success: false, message: 'id is required.' });
        const res = await as(a, '/change_user_elev', { id: '999999', level: '1' });
        assert.equal(res.statusCode, 404);
        assert.deepEqual(res.json(), unknown);
      });
    });
  });
}
