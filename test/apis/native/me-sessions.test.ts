// GET /v1/me/sessions and DELETE /v1/me/sessions/{id} on SQLite and PostgreSQL:
// a user sees their live sessions from every sign-in and can end any of them, but
// never another user's (404, like an id that does not exist).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { bearer, me, passwordGrant, refreshGrant, signedInUser } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

interface WireSession {
  id: string;
  created_at: string;
  last_seen_at: string;
  api: string;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

for (const dialect of dialects) {
  describe(`native /v1/me/sessions on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    const list = (token: string) =>
      t.app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(token) });
    const end = (token: string, id: string) =>
      t.app.inject({ method: 'DELETE', url: `/v1/me/sessions/${encodeURIComponent(id)}`, headers: bearer(token) });

    test('without a token both routes answer 401', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/me/sessions' })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/v1/me/sessions/abc' })).statusCode, 401);
    });

    test('lists the live sessions, newest first, marking the current one', async () => {
      const email = 'sessions-list@example.com';
      const first = await signedInUser(t.app, email);
      clock.advance(60);
      const second = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/token',
          headers: { 'user-agent': 'Phone/1.0' },
          payload: { grant_type: 'password', username: email, password: 'correct horse battery staple' },
        })
      ).json();
      const response = await list(first.access_token);
      assert.equal(response.statusCode, 200);
      const sessions = response.json<WireSession[]>();
      assert.equal(sessions.length, 2);
      assert.deepEqual(sessions.map((s) => s.current), [false, true]);
      assert.equal(sessions[0]!.user_agent, 'Phone/1.0');
      assert.equal(sessions[0]!.api, 'native');
      assert.equal(sessions[0]!.ip, '127.0.0.1');
      assert.ok(Date.parse(sessions[0]!.created_at) > Date.parse(sessions[1]!.created_at));
      assert.deepEqual(Object.keys(sessions[0]!).sort(), ['api', 'client', 'created_at', 'current', 'id', 'ip', 'last_seen_at', 'user_agent']);
      const fromSecond = (await list(second.access_token)).json<WireSession[]>();
      assert.deepEqual(fromSecond.map((s) => s.current), [true, false]);
    });

    test('ending another of my sessions: 204, its tokens stop working, it leaves the list', async () => {
      const email = 'sessions-end@example.com';
      const mine = await signedInUser(t.app, email);
      const laptop = (await passwordGrant(t.app, email)).json();
      const before = (await list(mine.access_token)).json<WireSession[]>();
      const target = before.find((s) => !s.current)!;

      const response = await end(mine.access_token, target.id);
      assert.equal(response.statusCode, 204);
      assert.equal((await me(t.app, laptop.access_token)).statusCode, 401);
      assert.equal((await refreshGrant(t.app, laptop.refresh_token)).statusCode, 400);
      assert.deepEqual((await list(mine.access_token)).json<WireSession[]>().map((s) => s.id), [before.find((s) => s.current)!.id]);
      assert.equal((await end(mine.access_token, target.id)).statusCode, 404, 'already ended');
    });

    test('ending the current session signs me out', async () => {
      const mine = await signedInUser(t.app, 'sessions-self@example.com');
      const [current] = (await list(mine.access_token)).json<WireSession[]>();
      assert.equal((await end(mine.access_token, current!.id)).statusCode, 204);
      assert.equal((await me(t.app, mine.access_token)).statusCode, 401);
    });

    test("another user's session or an unknown id: 404 not_found, and that session lives on", async () => {
      const alice = await signedInUser(t.app, 'sessions-alice@example.com');
      const bob = await signedInUser(t.app, 'sessions-bob@example.com');
      const [bobSession] = (await list(bob.access_token)).json<WireSession[]>();

      const response = await end(alice.access_token, bobSession!.id);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'not_found');
      assert.equal((await me(t.app, bob.access_token)).statusCode, 200);
      assert.equal((await end(alice.access_token, 'no-such-session')).statusCode, 404);
      assert.equal((await list(alice.access_token)).json<WireSession[]>().some((s) => s.id === bobSession!.id), false);
    });

    test('sessions idle past their timeout are not listed', async () => {
      const email = 'sessions-idle@example.com';
      const old = await signedInUser(t.app, email);
      clock.advance(14 * 86_400 - 10);
      const recent = (await passwordGrant(t.app, email)).json();
      clock.advance(20);
      assert.equal((await me(t.app, old.access_token)).statusCode, 401);
      const sessions = (await list(recent.access_token)).json<WireSession[]>();
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0]!.current, true);
    });
  });
}
