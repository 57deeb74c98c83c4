// myclass's goals and profiles repositories, over the store with myclass's migrations, on SQLite and PostgreSQL: save creates then
// replaces, listing by user and by name, parallel first saves, cascade on delete.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { myclassMigrations } from '../../../src/apis/myclass/domain.js';
import type { GoalFields, GoalRepo } from '../../../src/apis/myclass/goals/model.js';
import { createGoalRepo } from '../../../src/apis/myclass/goals/repository.js';
import type { ProfileFields, ProfileRepo } from '../../../src/apis/myclass/profiles/model.js';
import { createProfileRepo } from '../../../src/apis/myclass/profiles/repository.js';
import { openStore, type KyselyStore } from '../../../src/store/store.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';

const now = new Date('2026-11-25T10:00:00.000Z');
const later = new Date('2026-11-25T10:05:00.000Z');

const goal = (name: string, extra: Partial<GoalFields> = {}): GoalFields => ({
  name,
  description: null,
  desiredDate: '2027-06-30',
  domain: null,
  level: null,
  ...extra,
});

const profile = (name: string, extra: Partial<ProfileFields> = {}): ProfileFields => ({
  name,
  educationLevel: 'Bac+3',
  fieldOfStudy: null,
  diploma: null,
  country: 'FR',
  experience: { country: 'BE', position: 'Analyste', years: 4 },
  ...extra,
});

for (const dialect of dialects) {
  describe(`goals and profiles store on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;
    let goals: GoalRepo;
    let profiles: ProfileRepo;

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url, { migrations: [myclassMigrations] });
      goals = createGoalRepo(store.db);
      profiles = createProfileRepo(store.db);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const newUser = (email: string) => store.users.insert({ email, role: 'USER', locale: 'fr' }, now);

    test('a goal is created, then replaced whole under the same name', async () => {
      const user = await newUser('goals@example.com');
      const first = await goals.save(user.id, goal('Python', { description: 'bases', level: 'débutant' }), now);
      assert.equal(first.created, true);
      assert.deepEqual(first.record, {
        userId: user.id,
        name: 'Python',
        description: 'bases',
        desiredDate: '2027-06-30',
        domain: null,
        level: 'débutant',
        createdAt: now,
        modifiedAt: now,
      });
      const second = await goals.save(user.id, goal('Python', { desiredDate: '2028-01-15' }), later);
      assert.equal(second.created, false);
      assert.equal(second.record.description, null, 'a replaced goal keeps nothing of the old one');
      assert.equal(second.record.desiredDate, '2028-01-15');
      assert.deepEqual(second.record.createdAt, now);
      assert.deepEqual(second.record.modifiedAt, later);
      await goals.save(user.id, goal('Anglais'), later);
      assert.deepEqual((await goals.list(user.id)).map((g) => g.name), ['Python', 'Anglais']);
      assert.deepEqual((await goals.list(user.id, 'Anglais')).map((g) => g.name), ['Anglais']);
      assert.deepEqual(await goals.list(user.id, 'python'), [], 'names are exact');
      assert.equal(await goals.count(user.id), 2);
    });

    test("one user's goals are not another's", async () => {
      const a = await newUser('a-goals@example.com');
      const b = await newUser('b-goals@example.com');
      await goals.save(a.id, goal('Shared name'), now);
      const saved = await goals.save(b.id, goal('Shared name'), now);
      assert.equal(saved.created, true);
      assert.equal((await goals.list(a.id)).length, 1);
      assert.equal((await goals.list(b.id)).length, 1);
    });

    test('parallel first saves of one name make one goal', async () => {
      const user = await newUser('race-goals@example.com');
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => goals.save(user.id, goal('Race', { level: String(i) }), now)),
      );
      assert.equal(results.length, 5);
      assert.equal((await goals.list(user.id)).length, 1);
    });

    test('a profile is created, replaced, listed; experience years come back as a number', async () => {
      const user = await newUser('profiles@example.com');
      const first = await profiles.save(user.id, profile('Data'), now);
      assert.equal(first.created, true);
      assert.deepEqual(first.record.experience, { country: 'BE', position: 'Analyste', years: 4 });
      const second = await profiles.save(
        user.id,
        profile('Data', { country: null, experience: { country: null, position: null, years: null } }),
        later,
      );
      assert.equal(second.created, false);
      assert.deepEqual(second.record.experience, { country: null, position: null, years: null });
      assert.equal(second.record.country, null);
      await profiles.save(user.id, profile('Web'), later);
      assert.deepEqual((await profiles.list(user.id)).map((p) => p.name), ['Data', 'Web']);
      assert.deepEqual((await profiles.list(user.id, 'Web')).map((p) => p.name), ['Web']);
      assert.equal(await profiles.count(user.id), 2);
    });

    test('goals and profiles go with their user', async () => {
      const user = await newUser('cascade@example.com');
      await goals.save(user.id, goal('G'), now);
      await profiles.save(user.id, profile('P'), now);
      await store.db.deleteFrom('users').where('id', '=', user.id).execute();
      assert.equal(await goals.count(user.id), 0);
      assert.equal(await profiles.count(user.id), 0);
    });
  });
}
