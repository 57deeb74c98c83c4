// Seed 000 §4–6 on SQLite and PostgreSQL: goals (add_update_user_objectif,
// get_user_objectif) and profils temporaires (add_update_user_profil, get_user_profil).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { call, failure, loggedIn } from '../../helpers/myclass-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

type Row = Record<string, unknown>;

for (const dialect of dialects) {
  describe(`myclass goals and profiles on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    let token = '';
    const email_user = 'goals@example.com';
    const goals = async (extra: Row = {}) => {
      const res = await call(t.app, 'get_user_objectif', { email_user, token, ...extra });
      assert.equal(res.answer.status, true, res.body);
      return res.answer.message as Row[];
    };

    test('add_update_user_objectif/ creates a goal; date_modif is set by the service', async () => {
      token = await loggedIn(t.app, t.store, email_user);
      const res = await call(t.app, 'add_update_user_objectif/', {
        email_user,
        token,
        name: 'Python',
        description: 'Les bases',
        date_souhaite: '2027-06-30',
        domaine: 'Informatique',
        niveau: 'débutant',
        date_modif: '1999-01-01T00:00:00Z',
      });
      assert.equal(res.answer.status, true, res.body);
      assert.match(String(res.answer.message), /Objectif « Python » créé/);
      assert.deepEqual(await goals(), [
        {
          email_user,
          name: 'Python',
          description: 'Les bases',
          date_souhaite: '2027-06-30',
          domaine: 'Informatique',
          niveau: 'débutant',
          date_modif: clock.now().toISOString(),
        },
      ]);
    });

    test('the same name replaces the goal whole; another name adds one', async () => {
      clock.advance(60);
      const res = await call(
        t.app,
        'add_update_user_objectif',
        { EMAIL_USER: email_user, token, Name: 'Python', Date_Souhaite: '15/01/2028', Niveau: 'avancé' },
        { as: 'form' },
      );
      assert.match(String(res.answer.message), /Objectif « Python » mis à jour/);
      await call(t.app, 'add_update_user_objectif', { email_user, token, name: 'Anglais', date_souhaite: '2027-09-01' }, { as: 'query' });
      const all = await goals();
      assert.deepEqual(all.map((g) => g.name), ['Python', 'Anglais']);
      assert.deepEqual(all[0], {
        email_user,
        name: 'Python',
        description: null,
        date_souhaite: '2028-01-15',
        domaine: null,
        niveau: 'avancé',
        date_modif: clock.now().toISOString(),
      });
    });

    test('get_user_objectif with a name returns only that goal; an unknown name → status false', async () => {
      assert.deepEqual((await goals({ name: 'Anglais' })).map((g) => g.name), ['Anglais']);
      assert.match(failure(await call(t.app, 'get_user_objectif', { email_user, token, name: 'Chinois' })), /Aucun objectif de ce nom/);
    });

    test('name and date_souhaite are required; a date must be real; nothing is written on error', async () => {
      const missing = await call(t.app, 'add_update_user_objectif', { email_user, token, description: 'x' });
      assert.match(failure(missing), /name est obligatoire ; date_souhaite est obligatoire/);
      const badDate = await call(t.app, 'add_update_user_objectif', { email_user, token, name: 'Maths', date_souhaite: '2027-02-30' });
      assert.match(failure(badDate), /date_souhaite doit être une date/);
      const long = await call(t.app, 'add_update_user_objectif', {
        email_user,
        token,
        name: 'Maths',
        date_souhaite: '2027-02-01',
        domaine: 'd'.repeat(201),
      });
      assert.match(failure(long), /domaine doit faire au plus 200 caractères/);
      assert.deepEqual((await goals()).map((g) => g.name), ['Python', 'Anglais']);
    });

    test('goals need the email and the token', async () => {
      assert.match(failure(await call(t.app, 'get_user_objectif', { email_user })), /Token manquant/);
      assert.match(failure(await call(t.app, 'get_user_objectif', { token })), /email_user est obligatoire/);
    });

    test('parallel first saves of one goal name make one goal, and each answer is status true', async () => {
      const results = await Promise.all(
        ['a', 'b', 'c', 'd'].map((niveau) =>
          call(t.app, 'add_update_user_objectif', { email_user, token, name: 'Parallèle', date_souhaite: '2027-03-01', niveau }),
        ),
      );
      assert.deepEqual(results.map((r) => r.answer.status), [true, true, true, true]);
      assert.equal((await goals({ name: 'Parallèle' })).length, 1);
    });

    test('a user with no goal gets an empty list', async () => {
      const other = await loggedIn(t.app, t.store, 'nogoal@example.com');
      const res = await call(t.app, 'get_user_objectif', { email_user: 'nogoal@example.com', token: other });
      assert.deepEqual(res.answer, { status: true, message: [] });
    });

    test('add_update_user_profil/ creates a profile with its highest experience (JSON object)', async () => {
      const res = await call(t.app, 'add_update_user_profil/', {
        email_user,
        token,
        nom_profil: 'Data',
        niveau_etude: 'Bac+5',
        domaine_etude: 'Statistiques',
        'diplôme': 'Master',
        pays: 'France',
        experience: { Pays: 'Belgique', poste: 'Analyste', annees: 4 },
      });
      assert.equal(res.answer.status, true, res.body);
      assert.match(String(res.answer.message), /Profil « Data » créé/);
      const list = await call(t.app, 'get_user_profil', { email_user, token });
      assert.deepEqual(list.answer.message, [
        {
          email_user,
          nom_profil: 'Data',
          niveau_etude: 'Bac+5',
          domaine_etude: 'Statistiques',
          diplome: 'Master',
          pays: 'France',
          experience: { pays: 'Belgique', poste: 'Analyste', annees: 4 },
          date_modif: clock.now().toISOString(),
        },
      ]);
    });

    test('a profile from a form with flat experience fields replaces it; get by name', async () => {
      const res = await call(
        t.app,
        'add_update_user_profil',
        { email_user, token, Nom_Profil: 'Data', experience_pays: 'Suisse', experience_annees: '6' },
        { as: 'form' },
      );
      assert.match(String(res.answer.message), /Profil « Data » mis à jour/);
      await call(t.app, 'add_update_user_profil', { email_user, token, nom_profil: 'Web' });
      const one = await call(t.app, 'get_user_profil', { email_user, token, nom_profil: 'Data' }, { as: 'query' });
      const profiles = one.answer.message as Row[];
      assert.equal(profiles.length, 1);
      assert.deepEqual(profiles[0]!.experience, { pays: 'Suisse', poste: null, annees: 6 });
      assert.equal(profiles[0]!.diplome, null, 'replaced whole');
      const all = (await call(t.app, 'get_user_profil', { email_user, token })).answer.message as Row[];
      assert.deepEqual(all.map((p) => p.nom_profil), ['Data', 'Web']);
    });

    test('profile errors: no name, bad years, unknown name', async () => {
      assert.match(failure(await call(t.app, 'add_update_user_profil', { email_user, token, pays: 'FR' })), /nom_profil est obligatoire/);
      const years = await call(t.app, 'add_update_user_profil', { email_user, token, nom_profil: 'X', experience_annees: 'dix' });
      assert.match(failure(years), /experience.annees doit être un nombre entier de 0 à 80/);
      const tooMany = await call(t.app, 'add_update_user_profil', { email_user, token, nom_profil: 'X', experience: { annees: 99 } });
      assert.match(failure(tooMany), /experience.annees/);
      assert.match(failure(await call(t.app, 'get_user_profil', { email_user, token, nom_profil: 'X' })), /Aucun profil de ce nom/);
    });
  });
}
