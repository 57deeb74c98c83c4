// userapi contract, part three: /regen_token (rotation, replay revokes the family,
// one refresh token used twice at once) and the last administrator, on SQLite and
// PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { refreshGrant } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { call, login, userAt, withToken, type LoggedIn } from '../../helpers/userapi-client.js';

const regen = (t: { app: Parameters<typeof call>[0] }, who: LoggedIn, refresh = who.refresh) =>
  call(t.app, '/regen_token', { query: { id: String(who.id) }, headers: withToken(refresh) });

const invalidRefresh = { success: false, message: 'Invalid, expired or already used refresh token.' };

for (const dialect of dialects) {
  describe(`userapi refresh tokens on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    test('the refresh token gives {"token", "refresh"}: a working token and a new refresh token', async () => {
      const u = await userAt(t);
      const res = await regen(t, u);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['token', 'refresh']);
      assert.notEqual(body.refresh, u.refresh);
      assert.notEqual(body.token, u.token);
      const me = await call(t.app, '/getuser', { headers: withToken(body.token) });
      assert.equal(me.json().id, u.id);
      assert.equal((await regen(t, u, body.refresh)).statusCode, 200, 'the new refresh token works in turn');
    });

    test('the refresh token may come as x-access-token or a token/refresh parameter; the id is optional', async () => {
      const u = await userAt(t);
      let refresh = u.refresh;
      const ways = [
        (r: string) => call(t.app, '/regen_token', { query: { id: String(u.id) }, headers: { 'x-access-token': r } }),
        (r: string) => call(t.app, '/regen_token', { query: { id: String(u.id), token: r } }),
        (r: string) => call(t.app, '/regen_token', { form: { id: String(u.id), refresh: r } }),
        (r: string) => call(t.app, '/regen_token', { json: { refresh_token: r } }),
      ];
      for (const way of ways) {
        const res = await way(refresh);
        assert.equal(res.statusCode, 200, res.body);
        refresh = res.json().refresh;
      }
    });

    test('an access token still works after the refresh token expired the old one: the token lasts its TTL', async () => {
      const u = await userAt(t);
      clock.advance(901);
      assert.equal((await call(t.app, '/getuser', { headers: withToken(u.token) })).statusCode, 401);
      const res = await regen(t, u);
      assert.equal(res.statusCode, 200);
      assert.equal((await call(t.app, '/getuser', { headers: withToken(res.json().token) })).statusCode, 200);
    });

    test('a replayed refresh token fails and ends the family: the tokens rotated from it die too', async () => {
      const u = await userAt(t);
      const first = (await regen(t, u)).json();
      const replay = await regen(t, u);
      assert.equal(replay.statusCode, 401);
      assert.deepEqual(replay.json(), invalidRefresh);
      assert.equal((await regen(t, u, first.refresh)).statusCode, 401, 'the rotated refresh token is revoked');
      assert.equal((await call(t.app, '/getuser', { headers: withToken(first.token) })).statusCode, 401);
      assert.equal((await call(t.app, '/getuser', { headers: withToken(u.token) })).statusCode, 401);
    });

    test('one refresh token used twice at the same time: exactly one wins, then the family is revoked', async () => {
      const u = await userAt(t);
      let refresh = u.refresh;
      for (let round = 0; round < 8; round += 1) {
        // A fresh session each round, so each pair races on a live family.
        const fresh = round === 0 ? refresh : (await login(t.app, u.email)).json().refresh;
        const results = await Promise.all([regen(t, u, fresh), regen(t, u, fresh)]);
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 401], `round ${round}`);
        const winner = results.find((r) => r.statusCode === 200)!.json();
        assert.deepEqual(results.find((r) => r.statusCode === 401)!.json(), invalidRefresh);
        assert.equal((await regen(t, u, winner.refresh)).statusCode, 401, 'the replay revoked the winner too');
        assert.equal((await call(t.app, '/getuser', { headers: withToken(winner.token) })).statusCode, 401);
        refresh = winner.refresh;
      }
    });

    test('the refresh family is the core\'s: a userapi refresh token rotates on /v1/token and is then spent here', async () => {
      const u = await userAt(t);
      const native = await refreshGrant(t.app, u.refresh);
      assert.equal(native.statusCode, 200);
      assert.equal((await regen(t, u)).statusCode, 401);
    });

    test('missing, malformed, an access token instead, or the id of someone else → 401, nothing issued', async () => {
      const u = await userAt(t);
      const other = await userAt(t);
      const missing = await call(t.app, '/regen_token', { query: { id: String(u.id) } });
      assert.equal(missing.statusCode, 401);
      assert.deepEqual(missing.json(), { success: false, message: 'Token required.' });
      assert.deepEqual((await regen(t, u, 'garbage')).json(), invalidRefresh);
      assert.deepEqual((await regen(t, u, u.token)).json(), invalidRefresh);
      const wrongId = await call(t.app, '/regen_token', { query: { id: String(other.id) }, headers: withToken(u.refresh) });
      assert.equal(wrongId.statusCode, 401);
      assert.deepEqual(wrongId.json(), invalidRefresh);
      assert.equal((await call(t.app, '/getuser', { headers: withToken(u.token) })).statusCode, 401, 'that session ended');
      const malformedId = await call(t.app, '/regen_token', { query: { id: 'x' }, headers: withToken(other.refresh) });
      assert.equal(malformedId.statusCode, 400);
      assert.equal((await regen(t, other)).statusCode, 200, 'a malformed id spends nothing');
    });

    test('a deleted account cannot regenerate', async () => {
      const u = await userAt(t);
      await call(t.app, '/delete', { query: { id: String(u.id) }, headers: withToken(u.token) });
      assert.deepEqual((await regen(t, u)).json(), invalidRefresh);
    });
  });

  describe(`userapi last administrator on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    const as = (who: LoggedIn, path: string, query: Record<string, string>) =>
      call(t.app, path, { query, headers: withToken(who.token) });
    const lastAdmin = { success: false, message: 'The last administrator cannot be demoted or deleted.' };

    test('the only admin can neither demote nor delete themselves', async () => {
      const a = await userAt(t, 3);
      for (const level of ['2', '1']) {
        const res = await as(a, '/change_user_elev', { id: String(a.id), level });
        assert.equal(res.statusCode, 409);
        assert.deepEqual(res.json(), lastAdmin);
      }
      const res = await as(a, '/delete', { id: String(a.id) });
      assert.equal(res.statusCode, 409);
      assert.deepEqual(res.json(), lastAdmin);
      assert.equal((await as(a, '/get_level', { id: String(a.id) })).json().level, 3);
    });

    test('with a second admin, one may demote the other, then not oneself', async () => {
      const first = await userAt(t, 3);
      const admins = await t.store.users.list({ includeDeleted: false, limit: 10, role: 'ADMIN' });
      const other = admins.find((user) => user.id !== first.id)!;
      assert.deepEqual((await as(first, '/change_user_elev', { id: String(other.id), level: '2' })).json(), { success: true, message: 'ok' });
      assert.deepEqual((await as(first, '/change_user_elev', { id: String(first.id), level: '1' })).json(), lastAdmin);
      // The race of two admins demoting each other is settled in the core: test/core/last-admin.test.ts.
    });
  });
}
