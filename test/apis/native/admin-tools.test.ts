// The native administration routes the console is built on (issue 20): the audit
// trail by keyset cursor, the user list's total, another account's sessions,
// unlock of a throttled account, resending invitation and verification, and the
// mail outbox with the retry of a failed mail. Admins act, moderators read where
// reading is allowed, users get 403.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { PASSWORD, me, passwordGrant, signUp } from '../../helpers/native-client.js';
import { useTestApp } from '../../helpers/test-app.js';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
interface Event {
  id: number;
  action: string;
  actor_user_id: number | null;
  target_user_id: number | null;
}

for (const dialect of dialects) {
  describe(`native administration tools on ${dialect.name}`, () => {
    let admin: Actor;
    let moderator: Actor;
    let user: Actor;
    const t = useTestApp(dialect);

    before(async () => {
      admin = await signedInAs(t, 'ADMIN', 'tools-admin@example.com');
      moderator = await signedInAs(t, 'MODERATOR', 'tools-mod@example.com');
      user = await signedInAs(t, 'USER', 'tools-user@example.com');
    });

    test('GET /v1/users says how many users match the filters', async () => {
      for (let i = 0; i < 7; i++) await t.store.users.insert({ email: `count-${i}@example.com`, role: 'USER', locale: 'en' }, new Date());
      const response = await call(t.app, 'GET', '/v1/users?q=count-&limit=3', admin.access_token);
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<{ items: unknown[]; total: number; total_is_estimate: boolean }>();
      assert.equal(page.items.length, 3);
      assert.equal(page.total, 7);
      assert.equal(page.total_is_estimate, false);
      const whole = (await call(t.app, 'GET', '/v1/users?q=count-&limit=10', admin.access_token)).json<typeof page>();
      assert.deepEqual([whole.items.length, whole.total, whole.total_is_estimate], [7, 7, false], 'one page holds them all');
      const next = (await call(t.app, 'GET', `/v1/users?q=count-&limit=3&cursor=${encodeURIComponent((page as { next_cursor?: string }).next_cursor!)}`, admin.access_token)).json<typeof page>();
      assert.deepEqual([next.items.length, next.total], [3, 7], 'a later page counts the whole search');

      // The store's bounded count, with a small cap and probe window to walk every path.
      const count = (q: string | undefined, cap: number, probe?: number, seen?: { matches: number; throughId: number }) =>
        t.store.users.count({ q, includeDeleted: false }, { cap, ...(probe ? { probe } : {}), ...(seen ? { seen } : {}) });
      assert.deepEqual(await count('count-', 100), { total: 7, exact: true }, 'all rows in the probe window');
      assert.deepEqual(await count('count-', 100, 3), { total: 7, exact: true }, 'a rare term counted through the search index');
      assert.equal((await count('count-', 5, 3)).exact, false, 'past the cap: an estimate');
      const all = await t.store.users.count({ includeDeleted: false }, { cap: 1000 });
      assert.equal(all.exact, true);
      const dense = await count('example.com', 4, 3);
      assert.equal(dense.exact, false, 'a term on every row of the window: extrapolated');
      assert.ok(dense.total >= all.total - 2 && dense.total <= all.total * 2, `estimate ${dense.total} near ${all.total}`);
      // A search's first page of 50 matches through id 1 says "far past any small cap";
      // a smaller page, or a list without q, is counted whatever its density.
      const packed = { matches: 50, throughId: 1 };
      assert.equal((await count('count-', 2, undefined, packed)).exact, false, "a search page's density past twice the cap");
      assert.deepEqual(await count('count-', 100, undefined, { matches: 20, throughId: 1 }), { total: 7, exact: true }, 'a page of 20: counted');
      assert.deepEqual(await t.store.users.count({ includeDeleted: false }, { cap: 1000, seen: packed }), all, 'no q: counted');
      const capped = await t.store.users.count({ includeDeleted: false }, { cap: 3 });
      assert.equal(capped.exact, false);
      assert.ok(capped.total > 3);
      const moderators = (await call(t.app, 'GET', '/v1/users?role=moderator', moderator.access_token)).json<{ total: number }>();
      assert.equal(moderators.total, 1);
    });

    test('GET /v1/audit-events: newest first, by user and action, walked by cursor; admins only', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await call(t.app, 'PATCH', `/v1/users/${user.id}`, admin.access_token, { first_name: `Name${i}` });
        assert.equal(r.statusCode, 200, r.body);
      }
      const seen: Event[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `user_id=${user.id}&action=user.updated&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await call(t.app, 'GET', `/v1/audit-events?${query}`, admin.access_token);
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json<Page<Event>>();
        assert.ok(page.items.length <= 2);
        seen.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      assert.equal(seen.length, 5);
      assert.ok(seen.every((e) => e.action === 'user.updated' && e.target_user_id === user.id && e.actor_user_id === admin.id));
      assert.deepEqual(seen.map((e) => e.id), [...seen.map((e) => e.id)].sort((a, b) => b - a), 'newest first');

      const everything = (await call(t.app, 'GET', '/v1/audit-events', admin.access_token)).json<Page<Event>>();
      assert.ok(everything.items.some((e) => e.action === 'user.signed_in' && e.target_user_id === moderator.id));

      assert.equal((await call(t.app, 'GET', '/v1/audit-events', moderator.access_token)).statusCode, 403);
      assert.equal((await call(t.app, 'GET', '/v1/audit-events', user.access_token)).statusCode, 403);
      assert.equal((await call(t.app, 'GET', '/v1/audit-events')).statusCode, 401);
      const bad = await call(t.app, 'GET', '/v1/audit-events?cursor=bm9wZQ', admin.access_token);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ code: string }>().code, 'validation_failed');
      // A cursor of the user list is not a cursor of the audit trail.
      const userCursor = (await call(t.app, 'GET', '/v1/users?limit=1', admin.access_token)).json<Page<unknown>>().next_cursor!;
      assert.equal((await call(t.app, 'GET', `/v1/audit-events?cursor=${userCursor}`, admin.access_token)).statusCode, 400);
    });

    test("a user's sessions: moderators list them, admins end one or all and their tokens stop at once", async () => {
      await signUp(t.app, 'sessions-target@example.com');
      const first = (await passwordGrant(t.app, 'sessions-target@example.com')).json<{ access_token: string }>();
      const second = (await passwordGrant(t.app, 'sessions-target@example.com')).json<{ access_token: string }>();
      const target = (await t.store.users.findByEmail('sessions-target@example.com'))!;

      const listed = await call(t.app, 'GET', `/v1/users/${target.id}/sessions`, moderator.access_token);
      assert.equal(listed.statusCode, 200, listed.body);
      const sessions = listed.json<{ items: { id: string; api: string }[] }>().items;
      assert.equal(sessions.length, 2);
      assert.ok(sessions.every((s) => s.api === 'native'));

      assert.equal((await call(t.app, 'DELETE', `/v1/users/${target.id}/sessions/${sessions[0]!.id}`, moderator.access_token)).statusCode, 403);
      assert.equal((await call(t.app, 'DELETE', `/v1/users/${target.id}/sessions`, user.access_token)).statusCode, 403);
      // Another account's session id is not found here.
      const adminSessions = (await call(t.app, 'GET', `/v1/users/${admin.id}/sessions`, admin.access_token)).json<{ items: { id: string }[] }>();
      assert.equal((await call(t.app, 'DELETE', `/v1/users/${target.id}/sessions/${adminSessions.items[0]!.id}`, admin.access_token)).statusCode, 404);

      const ended = await call(t.app, 'DELETE', `/v1/users/${target.id}/sessions/${sessions[0]!.id}`, admin.access_token);
      assert.equal(ended.statusCode, 204, ended.body);
      const statuses = [(await me(t.app, first.access_token)).statusCode, (await me(t.app, second.access_token)).statusCode].sort();
      assert.deepEqual(statuses, [200, 401], 'exactly the ended session is refused');

      const all = await call(t.app, 'DELETE', `/v1/users/${target.id}/sessions`, admin.access_token);
      assert.equal(all.statusCode, 200);
      assert.equal(all.json<{ ended: number }>().ended, 1);
      assert.equal((await me(t.app, first.access_token)).statusCode, 401);
      assert.equal((await me(t.app, second.access_token)).statusCode, 401);
      assert.equal((await call(t.app, 'GET', '/v1/users/999999/sessions', admin.access_token)).statusCode, 404);
    });

    test('POST /v1/users/{id}/unlock lets a throttled account sign in again at once', async () => {
      await signUp(t.app, 'locked@example.com');
      const target = (await t.store.users.findByEmail('locked@example.com'))!;
      for (let i = 0; i < 10; i++) await passwordGrant(t.app, 'locked@example.com', 'wrong password here');
      assert.equal((await passwordGrant(t.app, 'locked@example.com')).statusCode, 429);

      assert.equal((await call(t.app, 'POST', `/v1/users/${target.id}/unlock`, moderator.access_token)).statusCode, 403);
      assert.equal((await passwordGrant(t.app, 'locked@example.com')).statusCode, 429);
      const unlocked = await call(t.app, 'POST', `/v1/users/${target.id}/unlock`, admin.access_token);
      assert.equal(unlocked.statusCode, 204, unlocked.body);
      assert.equal((await passwordGrant(t.app, 'locked@example.com', PASSWORD)).statusCode, 200);
      const trail = (await call(t.app, 'GET', `/v1/audit-events?user_id=${target.id}&action=user.unlocked`, admin.access_token)).json<Page<Event>>();
      assert.equal(trail.items.length, 1);
      assert.equal((await call(t.app, 'POST', '/v1/users/999999/unlock', admin.access_token)).statusCode, 404);
    });

    test('resend invitation to an account without password, verification to an unverified address', async () => {
      const created = await call(t.app, 'POST', '/v1/users', admin.access_token, { email: 'invitee@example.com' });
      assert.equal(created.statusCode, 201, created.body);
      const invitee = created.json<{ user: { id: number } }>().user;
      const again = await call(t.app, 'POST', `/v1/users/${invitee.id}/resend-invitation`, admin.access_token);
      assert.equal(again.statusCode, 202, again.body);
      const invitations = await t.store.outbox.list({ to: 'invitee@example.com', limit: 10 });
      assert.deepEqual(invitations.map((m) => m.kind), ['invitation', 'invitation']);

      // tools-user has a password and signed up unverified.
      const refused = await call(t.app, 'POST', `/v1/users/${user.id}/resend-invitation`, admin.access_token);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json<{ code: string }>().code, 'validation_failed');
      const verification = await call(t.app, 'POST', `/v1/users/${user.id}/resend-verification`, admin.access_token);
      assert.equal(verification.statusCode, 202, verification.body);
      const mails = await t.store.outbox.list({ to: user.email, limit: 10 });
      assert.equal(mails.filter((m) => m.kind === 'verify_email').length, 2);
      assert.equal((await call(t.app, 'POST', `/v1/users/${admin.id}/resend-verification`, admin.access_token)).statusCode, 400);
      assert.equal((await call(t.app, 'POST', `/v1/users/${user.id}/resend-verification`, moderator.access_token)).statusCode, 403);
    });

    test('GET /v1/mail/outbox by status without bodies; POST …/retry sends a failed mail again', async () => {
      const later = new Date(Date.now() + 3600_000);
      const id = await t.store.outbox.enqueue({
        kind: 'password_reset', userId: user.id, to: user.email, bcc: [], locale: 'en',
        subject: 'Reset', text: 'secret link', html: '<p>secret link</p>', createdAt: later,
      });
      assert.ok(await t.store.outbox.claim(id, 'test-claim', later, new Date(later.getTime() + 60_000)));
      await t.store.outbox.markAttemptFailed(id, 'test-claim', 'connection refused', null);

      // Admins only: the outbox names every recipient, admins included.
      assert.equal((await call(t.app, 'GET', '/v1/mail/outbox?status=failed', moderator.access_token)).statusCode, 403);
      const failed = await call(t.app, 'GET', '/v1/mail/outbox?status=failed', admin.access_token);
      assert.equal(failed.statusCode, 200, failed.body);
      const items = failed.json<Page<Record<string, unknown>>>().items;
      assert.deepEqual(items.map((m) => m.id), [id]);
      assert.equal(items[0]!.last_error, 'connection refused');
      assert.ok(!failed.body.includes('secret link'), 'bodies hold live links: never listed');
      assert.equal((await call(t.app, 'GET', '/v1/mail/outbox', user.access_token)).statusCode, 403);

      assert.equal((await call(t.app, 'POST', `/v1/mail/outbox/${id}/retry`, moderator.access_token)).statusCode, 403);
      const retried = await call(t.app, 'POST', `/v1/mail/outbox/${id}/retry`, admin.access_token);
      assert.equal(retried.statusCode, 202, retried.body);
      const mail = (await t.store.outbox.findById(id))!;
      assert.notEqual(mail.status, 'failed');
      assert.equal((await call(t.app, 'GET', '/v1/mail/outbox?status=failed', admin.access_token)).json<Page<unknown>>().items.length, 0);
      // Only a failed mail can be retried.
      assert.equal((await call(t.app, 'POST', `/v1/mail/outbox/${id}/retry`, admin.access_token)).statusCode, 404);
      assert.equal((await call(t.app, 'GET', '/v1/mail/outbox?status=nope', admin.access_token)).statusCode, 400);
    });
  });
}
