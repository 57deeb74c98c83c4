// crdm contract, "Utilisateurs": list, detail (one-element arrays), the signed-in
// user, creation, soft deletion and updates, with 401/403/404/422 and pinned shapes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { User } from '../../../src/core/model.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { CRDM_PASSWORD, createAdmin, createMember } from '../../helpers/crdm-fixtures.js';
import { Spa } from '../../helpers/crdm-client.js';
import { assertShape } from '../../helpers/shape-snapshots.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const SNAPSHOTS = 'crdm-users.json';
const LARAVEL_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

for (const dialect of dialects) {
  describe(`crdm users on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let admin: User;
    let member: User;
    let adminSpa: Spa;
    let memberSpa: Spa;

    before(async () => {
      database = await dialect.create();
      t = await startTestApp(database);
      admin = await createAdmin(t);
      member = await createMember(t, 'christophe@crdm.test');
      await createMember(t, 'moderator@crdm.test', { role: 'MODERATOR' });
      adminSpa = new Spa(t.app);
      await adminSpa.signIn('admin@crdm.test', CRDM_PASSWORD);
      memberSpa = new Spa(t.app);
      await memberSpa.signIn('christophe@crdm.test', CRDM_PASSWORD);
    });
    after(async () => {
      await t.close();
      await database.drop();
    });

    test('GET /api/users: every live user in the document\'s shape', async () => {
      const response = await adminSpa.request('GET', '/api/users');
      assert.equal(response.statusCode, 200);
      const users = response.json();
      assert.ok(Array.isArray(users));
      assert.deepEqual(users.map((u: { email: string }) => u.email).slice(0, 3), [
        'admin@crdm.test',
        'christophe@crdm.test',
        'moderator@crdm.test',
      ]);
      const christophe = users[1];
      assert.deepEqual(Object.keys(christophe), [
        'id', 'name', 'first_name', 'title', 'phone_number', 'email', 'email_verified_at',
        'deleted_at', 'created_at', 'updated_at', 'preferences',
      ]);
      assert.equal(christophe.id, member.id);
      assert.equal(christophe.name, 'Riotte');
      assert.equal(christophe.first_name, 'Christophe');
      assert.equal(christophe.title, 'M.');
      assert.equal(christophe.phone_number, '+33782170073');
      assert.equal(christophe.deleted_at, null);
      assert.match(christophe.created_at, LARAVEL_DATE);
      assert.deepEqual(christophe.preferences, { localisation: 'en', isDarkModeEnabled: false });
      for (const user of users) assert.ok(!('password' in user));
      assertShape(SNAPSHOTS, 'GET /api/users 200', users);
    });

    test('GET /api/users: 401 signed out, 403 for a plain user, 200 for a moderator', async () => {
      const anonymous = await new Spa(t.app).request('GET', '/api/users');
      assert.deepEqual([anonymous.statusCode, anonymous.json()], [401, { message: 'Unauthenticated.' }]);
      const forbidden = await memberSpa.request('GET', '/api/users');
      assert.deepEqual([forbidden.statusCode, forbidden.json()], [403, { message: 'This action is unauthorized.' }]);
      const moderator = new Spa(t.app);
      await moderator.signIn('moderator@crdm.test', CRDM_PASSWORD);
      assert.equal((await moderator.request('GET', '/api/users')).statusCode, 200);
    });

    test('GET /api/user/<ID>: a one-element array; 404 for unknown or malformed ids', async () => {
      const response = await adminSpa.request('GET', `/api/user/${member.id}`);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.length, 1);
      assert.equal(body[0].email, 'christophe@crdm.test');
      assertShape(SNAPSHOTS, 'GET /api/user/<ID> 200', body);
      const missing = await adminSpa.request('GET', '/api/user/999999');
      assert.deepEqual([missing.statusCode, missing.json()], [404, { message: 'No query results for model [App\\Models\\User] 999999' }]);
      assertShape(SNAPSHOTS, 'GET /api/user/<ID> 404', missing.json());
      assert.equal((await adminSpa.request('GET', '/api/user/abc')).statusCode, 404);
      assert.equal((await new Spa(t.app).request('GET', `/api/user/${member.id}`)).statusCode, 401);
    });

    test('a plain user reads itself by id but not others', async () => {
      assert.equal((await memberSpa.request('GET', `/api/user/${member.id}`)).statusCode, 200);
      assert.equal((await memberSpa.request('GET', `/api/user/${admin.id}`)).statusCode, 403);
    });

    test('GET /api/user/ and /api/user: the signed-in user as a one-element array; 401 signed out', async () => {
      for (const path of ['/api/user/', '/api/user']) {
        const response = await memberSpa.request('GET', path);
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json().map((u: { id: number }) => u.id), [member.id]);
      }
      const anonymous = await new Spa(t.app).request('GET', '/api/user/');
      assert.deepEqual([anonymous.statusCode, anonymous.json()], [401, { message: 'Unauthenticated.' }]);
    });

    test('POST /api/user/<ID> and POST /api/user create users (204) with an unknown random password', async () => {
      const payload = { name: 'Durand', first_name: 'Léa', title: 'Mme', phone_number: '+33600000000', email: 'lea@crdm.test', localisation: 'fr' };
      const response = await adminSpa.request('POST', '/api/user/1', payload);
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');
      const second = await adminSpa.request('POST', '/api/user', { ...payload, email: 'marc@crdm.test', localisation: undefined });
      assert.equal(second.statusCode, 204);
      const users = (await adminSpa.request('GET', '/api/users')).json() as { email: string; name: string; preferences: object }[];
      const lea = users.find((u) => u.email === 'lea@crdm.test');
      assert.ok(lea);
      assert.equal(lea.name, 'Durand');
      assert.deepEqual(lea.preferences, { localisation: 'fr', isDarkModeEnabled: false });
      const login = new Spa(t.app);
      await login.csrf();
      assert.equal((await login.request('POST', '/login', { email: 'lea@crdm.test', password: '', remember: false })).statusCode, 422);
      assert.equal((await login.request('POST', '/login', { email: 'lea@crdm.test', password: CRDM_PASSWORD, remember: false })).statusCode, 401);
    });

    test('POST /api/user: 422 for missing, too long, malformed and taken fields', async () => {
      const empty = await adminSpa.request('POST', '/api/user', {});
      assert.equal(empty.statusCode, 422);
      assert.deepEqual(empty.json(), {
        message: 'The given data was invalid.',
        errors: {
          name: ['The name field is required.'],
          first_name: ['The first name field is required.'],
          email: ['The email field is required.'],
        },
      });
      assertShape(SNAPSHOTS, 'POST /api/user 422', empty.json());
      const bad = await adminSpa.request('POST', '/api/user', {
        name: 'x'.repeat(101), first_name: 'Ok', title: 'Monsieur le', phone_number: '0'.repeat(21), email: 'nope', localisation: 'it',
      });
      assert.deepEqual(bad.json().errors, {
        name: ['The name field must not be greater than 100 characters.'],
        title: ['The title field must not be greater than 10 characters.'],
        phone_number: ['The phone number field must not be greater than 20 characters.'],
        email: ['The email field must be a valid email address.'],
        localisation: ['The selected localisation is invalid.'],
      });
      const taken = await adminSpa.request('POST', '/api/user', { name: 'R', first_name: 'C', email: 'CHRISTOPHE@crdm.test' });
      assert.deepEqual([taken.statusCode, taken.json()], [422, {
        message: 'The given data was invalid.',
        errors: { email: ['The email has already been taken.'] },
      }]);
    });

    test('two parallel creations with one email make one account: one 204, one 422', async () => {
      const payload = { name: 'Twin', first_name: 'One', email: 'twin@crdm.test' };
      const answers = await Promise.all([
        adminSpa.request('POST', '/api/user', payload),
        adminSpa.request('POST', '/api/user', { ...payload, email: 'TWIN@crdm.test' }),
      ]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [204, 422]);
      const loser = answers.find((r) => r.statusCode === 422)!;
      assert.deepEqual(loser.json().errors, { email: ['The email has already been taken.'] });
      const users = (await adminSpa.request('GET', '/api/users')).json() as { email: string }[];
      assert.equal(users.filter((u) => u.email.toLowerCase() === 'twin@crdm.test').length, 1);
    });

    test('POST /api/user: 401 signed out, 403 for a plain user, 419 without the XSRF echo', async () => {
      const payload = { name: 'R', first_name: 'C', email: 'someone@crdm.test' };
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      assert.equal((await anonymous.request('POST', '/api/user', payload)).statusCode, 401);
      assert.equal((await memberSpa.request('POST', '/api/user', payload)).statusCode, 403);
      assert.equal((await adminSpa.request('POST', '/api/user', payload, { withoutXsrf: true })).statusCode, 419);
      assert.equal(await t.core.accounts.findByEmail('someone@crdm.test'), null, 'nothing was created');
    });

    test('PATCH /api/user/<ID>: an admin updates a user (200, one-element array); email is not changed here', async () => {
      const response = await adminSpa.request('PATCH', `/api/user/${member.id}`, {
        name: 'Riotte-Martin', phone_number: '+33100000000', email: 'hijack@crdm.test',
      });
      assert.equal(response.statusCode, 200);
      const [user] = response.json();
      assert.equal(user.name, 'Riotte-Martin');
      assert.equal(user.phone_number, '+33100000000');
      assert.equal(user.first_name, 'Christophe', 'fields left out stay');
      assert.equal(user.email, 'christophe@crdm.test');
      assertShape(SNAPSHOTS, 'PATCH /api/user/<ID> 200', response.json());
      const missing = await adminSpa.request('PATCH', '/api/user/999999', { name: 'X' });
      assert.equal(missing.statusCode, 404);
      const invalid = await adminSpa.request('PATCH', `/api/user/${member.id}`, { name: '', title: 'x'.repeat(11) });
      assert.deepEqual(invalid.json().errors, {
        name: ['The name field is required.'],
        title: ['The title field must not be greater than 10 characters.'],
      });
      assert.equal((await memberSpa.request('PATCH', `/api/user/${admin.id}`, { name: 'X' })).statusCode, 403);
    });

    test('PATCH /api/user/: the signed-in user updates itself; its localisation picks the language of messages', async () => {
      const response = await memberSpa.request('PATCH', '/api/user/', { first_name: 'Chris', localisation: 'fr' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json()[0].first_name, 'Chris');
      assert.equal(response.json()[0].preferences.localisation, 'fr');
      const invalid = await memberSpa.request('PATCH', '/api/user', { first_name: 'x'.repeat(101) }, { headers: { 'accept-language': 'de' } });
      assert.deepEqual(invalid.json(), {
        message: 'Les données fournies sont invalides.',
        errors: { first_name: ['Le texte de prénom ne peut contenir plus de 100 caractères.'] },
      });
      await memberSpa.request('PATCH', '/api/user', { localisation: 'en' });
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      assert.equal((await anonymous.request('PATCH', '/api/user/', { name: 'X' })).statusCode, 401);
    });

    test('DELETE /api/user/<ID>: soft delete (204): gone from lists and reads, sessions ended, no sign-in', async () => {
      const victim = await createMember(t, 'victim@crdm.test');
      const victimSpa = new Spa(t.app);
      await victimSpa.signIn('victim@crdm.test', CRDM_PASSWORD);
      assert.equal((await memberSpa.request('DELETE', `/api/user/${victim.id}`)).statusCode, 403);
      const response = await adminSpa.request('DELETE', `/api/user/${victim.id}`);
      assert.equal(response.statusCode, 204);
      assert.equal((await adminSpa.request('GET', `/api/user/${victim.id}`)).statusCode, 404);
      const emails = (await adminSpa.request('GET', '/api/users')).json().map((u: { email: string }) => u.email);
      assert.ok(!emails.includes('victim@crdm.test'));
      assert.equal((await victimSpa.request('GET', '/api/user/')).statusCode, 401);
      const again = await adminSpa.request('DELETE', `/api/user/${victim.id}`);
      assert.equal(again.statusCode, 404);
      assert.ok((await t.store.users.findById(victim.id))?.deletedAt, 'the row stays, marked deleted');
    });

    test('DELETE: the last administrator cannot be deleted (422); unknown ids 404; signed out 401', async () => {
      const response = await adminSpa.request('DELETE', `/api/user/${admin.id}`);
      assert.deepEqual([response.statusCode, response.json()], [422, {
        message: 'The given data was invalid.',
        errors: { id: ['The last administrator cannot be deleted.'] },
      }]);
      assert.equal((await adminSpa.request('DELETE', '/api/user/999999')).statusCode, 404);
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      assert.equal((await anonymous.request('DELETE', `/api/user/${member.id}`)).statusCode, 401);
    });
  });
}
