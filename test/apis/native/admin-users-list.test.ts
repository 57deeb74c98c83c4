// GET /v1/users on SQLite and PostgreSQL: filters (role, q, email, include_deleted),
// limits, the opaque cursor, and a walk of 250 users in pages of 20 with no
// duplicate and no gap while other users are being inserted.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Role } from '../../../src/core/model.js';
import { dialects } from '../../helpers/databases.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { useTestApp } from '../../helpers/test-app.js';

interface Page {
  items: { id: number; email: string; role: string; deleted_at?: string | null }[];
  next_cursor: string | null;
}

for (const dialect of dialects) {
  describe(`native GET /v1/users on ${dialect.name}`, () => {
    let admin: Actor;
    const t = useTestApp(dialect);

    before(async () => {
      admin = await signedInAs(t, 'ADMIN', 'list-admin@example.com');
    });

    const insert = (email: string, extra: { role?: Role; firstName?: string; lastName?: string; username?: string } = {}) =>
      t.store.users.insert({ email, role: 'USER', locale: 'en', ...extra }, new Date());
    const list = async (query: string) => {
      const response = await call(t.app, 'GET', `/v1/users?${query}`, admin.access_token);
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Page>();
    };
    const emails = (page: Page) => page.items.map((u) => u.email);

    test('filters: role, q over email, names and username, exact email, include_deleted', async () => {
      const ana = await insert('f-ana@example.com', { firstName: 'Anaïs', lastName: 'Zorglub' });
      await insert('f-mod@example.com', { role: 'MODERATOR', username: 'Moderato_99' });
      const gone = await insert('f-gone@example.com', { lastName: 'Zorglub' });
      await t.store.users.setDeleted(gone.id, new Date(), new Date());

      assert.deepEqual(emails(await list('role=moderator&q=f-')), ['f-mod@example.com']);
      assert.deepEqual(emails(await list('role=admin')), ['list-admin@example.com']);
      assert.deepEqual(emails(await list('q=F-ANA')), ['f-ana@example.com']);
      assert.deepEqual(emails(await list('q=anaïs')), ['f-ana@example.com']);
      assert.deepEqual(emails(await list('q=zorGLUB')), ['f-ana@example.com']);
      assert.deepEqual(emails(await list('q=ato_9')), ['f-mod@example.com']);
      assert.deepEqual(emails(await list('q=%25')), [], '% is a literal, not a wildcard');
      assert.deepEqual(emails(await list('email=F-Ana@Example.com')), ['f-ana@example.com']);
      assert.deepEqual(emails(await list('email=f-ana')), [], 'email is exact, not a substring');
      const withDeleted = await list('q=zorglub&include_deleted=true');
      assert.deepEqual(emails(withDeleted), ['f-ana@example.com', 'f-gone@example.com']);
      assert.equal(withDeleted.items[0]!.deleted_at, null);
      assert.equal(typeof withDeleted.items[1]!.deleted_at, 'string');
      assert.equal(ana.id < gone.id, true);
    });

    test('limit defaults to 20, allows 1 to 100, and the last page has no cursor', async () => {
      for (let i = 0; i < 25; i++) await insert(`lim-${String(i).padStart(2, '0')}@example.com`);
      const first = await list('q=lim-');
      assert.equal(first.items.length, 20);
      assert.equal(typeof first.next_cursor, 'string');
      const second = await list(`q=lim-&cursor=${first.next_cursor}`);
      assert.equal(second.items.length, 5);
      assert.equal(second.next_cursor, null);
      const exact = await list('q=lim-&limit=25');
      assert.equal(exact.items.length, 25);
      assert.equal(exact.next_cursor, null, 'no empty page after an exact fit');
      assert.equal((await list('q=lim-&limit=1')).items.length, 1);
      assert.equal((await list('limit=100')).items.length > 25, true);
    });

    test('bad parameters: 400 validation_failed naming the field', async () => {
      const cases: [string, string][] = [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=ten', 'limit'],
        ['role=superuser', 'role'],
        ['cursor=not-a-cursor', 'cursor'],
        [`cursor=${Buffer.from('u1:abc').toString('base64url')}`, 'cursor'],
        ['include_deleted=maybe', 'include_deleted'],
      ];
      for (const [query, field] of cases) {
        const response = await call(t.app, 'GET', `/v1/users?${query}`, admin.access_token);
        assert.equal(response.statusCode, 400, query);
        assert.equal(response.json().code, 'validation_failed', query);
        assert.ok(Object.keys(response.json().errors).some((f) => f.includes(field)), `${query}: ${response.body}`);
      }
      const unknown = await call(t.app, 'GET', '/v1/users?sort=email', admin.access_token);
      assert.equal(unknown.statusCode, 400);
    });

    test('limit=1e309 (Infinity once read as a number) is a 400 validation_failed, not a 500', async () => {
      const response = await call(t.app, 'GET', '/v1/users?limit=1e309', admin.access_token);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, 'validation_failed');
      assert.ok(Object.keys(response.json().errors).some((f) => f.includes('limit')), response.body);
    });

    test('a walk of 250 users in pages of 20: no duplicate, no gap, while users are inserted', async () => {
      const original: number[] = [];
      for (let i = 0; i < 250; i++) original.push((await insert(`walk-${String(i).padStart(3, '0')}@example.com`)).id);

      let walking = true;
      let inserted = 0;
      const inserter = (async () => {
        while (walking) {
          await insert(`walk-new-${inserted++}@example.com`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();

      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list(`q=walk-&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.items.length <= 20);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.next_cursor;
        pages++;
        if (pages === 12) walking = false; // let the walk reach the end of the list
      } while (cursor && pages < 100);
      walking = false;
      await inserter;

      assert.ok(inserted > 0, 'users were inserted during the walk');
      assert.equal(new Set(seen).size, seen.length, 'no user appears twice');
      const seenSet = new Set(seen);
      assert.deepEqual(original.filter((id) => !seenSet.has(id)), [], 'every user present at the start was listed');
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'a stable order: by id');
      assert.ok(pages >= 13);
    });
  });
}
