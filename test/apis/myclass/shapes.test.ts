// Seed 000's wire format, frozen: every endpoint's answers, successes and errors,
// pinned in one snapshot that SQLite and PostgreSQL must both produce (dates come
// from a TestClock; the session token is the one value masked).

import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { addAccount, call, PWD, type Encoding } from '../../helpers/myclass-client.js';
import { matchSnapshotFile } from '../../helpers/snapshots.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

const SNAPSHOT = 'test/apis/myclass/__snapshots__/shapes.json';
const A = 'shape@example.com';
const B = 'other@example.com';

for (const dialect of dialects) {
  describe(`myclass wire format on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    test('every answer of every endpoint matches the snapshot', async () => {
      const shapes: Record<string, { http: number; body: unknown }> = {};
      const record = async (
        label: string,
        endpoint: string,
        params: Record<string, unknown>,
        options: { as?: Encoding; headers?: Record<string, string> } = {},
      ) => {
        const res = await call(t.app, endpoint, params, options);
        const body = label.startsWith('login ok') ? { ...res.answer, message: '<token>' } : res.answer;
        shapes[label] = { http: res.statusCode, body };
        return res.answer;
      };
      const activationLink = async (email: string) => {
        const [listed] = await t.store.outbox.list({ to: email, limit: 1 });
        const mail = await t.store.outbox.findById(listed!.id);
        return new URL(/https?:\/\/\S+/.exec(mail!.text)![0]).searchParams.get('token')!;
      };

      await record('add_user_account ok', 'add_user_account/', { Name: 'Ana', Surname: 'Lopez', Email: A, Pwd: PWD });
      await addAccount(t.app, B);
      await record('add_user_account missing fields', 'add_user_account/', { Email: 'x@example.com' });
      await record('add_user_account invalid email', 'add_user_account/', { Name: 'A', Surname: 'B', Email: 'x', Pwd: PWD });
      await record('add_user_account taken email', 'add_user_account/', { Name: 'A', Surname: 'B', Email: A, Pwd: PWD });
      await record('add_user_account weak password', 'add_user_account/', { Name: 'A', Surname: 'B', Email: 'w@example.com', Pwd: 'zq9!xv' });
      await record('login not activated', 'login', { Email: A, Pwd: PWD });
      await record('activate_user_account ok', 'activate_user_account', { token: await activationLink(A) }, { as: 'query' });
      await record('activate_user_account bad link', 'activate_user_account', { token: 'nope' }, { as: 'query' });
      await t.core.verification.confirm(await activationLink(B));
      const token = String((await record('login ok', 'login', { Email: A, Pwd: PWD })).message);
      const other = String((await call(t.app, 'login', { Email: B, Pwd: PWD })).answer.message);
      await record('login wrong password', 'login', { Email: A, Pwd: 'wrong password!!' });
      await record('login missing fields', 'login', {});
      await record('get_user_account ok', 'get_user_account/', { email: A, token });
      await record('get_user_account no token', 'get_user_account/', { email: A });
      await record('get_user_account no email', 'get_user_account/', { token });
      await record('get_user_account bad token', 'get_user_account/', { email: A, token: 'nope' });
      await record("get_user_account another user's token", 'get_user_account/', { email: A, token: other });
      await record('update_user_account ok', 'update_user_account/', { email: A, token, adr_county: 'France', mob_phone: '0600' });
      await record('update_user_account nothing to update', 'update_user_account/', { email: A, token });
      await record('update_user_account too long', 'update_user_account/', { email: A, token, adr_city: 'x'.repeat(201) });
      await record('update_user_account new_email', 'update_user_account/', { email: A, token, new_email: 'new-shape@example.com' });
      await record('update_user_account new_email taken', 'update_user_account/', { email: A, token, new_email: B });
      await record('confirm_user_email bad link', 'confirm_user_email', { token: 'nope' }, { as: 'query' });
      const goal = { email_user: A, token, name: 'Python', description: 'Bases', date_souhaite: '2027-06-30', domaine: 'Info', niveau: '1' };
      await record('add_update_user_objectif created', 'add_update_user_objectif/', goal);
      clock.advance(60);
      await record('add_update_user_objectif replaced', 'add_update_user_objectif/', { ...goal, niveau: '2' });
      await record('add_update_user_objectif missing fields', 'add_update_user_objectif/', { email_user: A, token });
      await record('add_update_user_objectif bad date', 'add_update_user_objectif/', { ...goal, date_souhaite: '31/02/2027' });
      await record('get_user_objectif all', 'get_user_objectif', { email_user: A, token });
      await record('get_user_objectif by name', 'get_user_objectif', { email_user: A, token, name: 'Python' });
      await record('get_user_objectif unknown name', 'get_user_objectif', { email_user: A, token, name: 'Nope' });
      const profile = {
        email_user: A,
        token,
        nom_profil: 'Data',
        niveau_etude: 'Bac+5',
        domaine_etude: 'Stats',
        diplome: 'Master',
        pays: 'France',
        experience: { pays: 'Belgique', poste: 'Analyste', annees: 4 },
      };
      await record('add_update_user_profil created', 'add_update_user_profil/', profile);
      await record('add_update_user_profil replaced', 'add_update_user_profil/', profile);
      await record('add_update_user_profil missing name', 'add_update_user_profil/', { email_user: A, token });
      await record('get_user_profil all', 'get_user_profil', { email_user: A, token });
      await record('get_user_profil unknown name', 'get_user_profil', { email_user: A, token, nom_profil: 'Nope' });
      await record('english answer', 'get_user_objectif', { email_user: A, token, name: 'Nope' }, { headers: { 'accept-language': 'en' } });
      await record('unknown endpoint', 'no_such_endpoint', {});
      clock.advance(31 * 60);
      await record('token expired', 'get_user_account/', { email: A, token });
      matchSnapshotFile(SNAPSHOT, shapes);
    });
  });
}
