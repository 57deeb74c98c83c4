// crdm contract, settings of the signed-in user: the password change with each
// rule of the document reported, other sessions ended; the dark-mode preference.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { CRDM_PASSWORD, createMember } from '../../helpers/crdm-fixtures.js';
import { Spa } from '../../helpers/crdm-client.js';
import { assertShape } from '../../helpers/shape-snapshots.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const SNAPSHOTS = 'crdm-settings.json';
const change = (spa: Spa, old_password: string, new_password: string, confirmation = new_password) =>
  spa.request('PATCH', '/api/user/settings/password', {
    old_password,
    new_password,
    new_password_confirmation: confirmation,
  });

for (const dialect of dialects) {
  describe(`crdm settings on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let spa: Spa;

    before(async () => {
      database = await dialect.create();
      t = await startTestApp(database);
      await createMember(t, 'christophe@crdm.test');
      await createMember(t, 'francoise@crdm.test', { locale: 'fr' });
      spa = new Spa(t.app);
      await spa.signIn('christophe@crdm.test', CRDM_PASSWORD);
    });
    after(async () => {
      await t.close();
      await database.drop();
    });

    test('PATCH /api/user/settings/password: each broken rule of the document is reported', async () => {
      const weak = await change(spa, CRDM_PASSWORD, 'abc');
      assert.equal(weak.statusCode, 422);
      assert.deepEqual(weak.json(), {
        message: 'The given data was invalid.',
        errors: {
          new_password: [
            'The new password field must be at least 12 characters.',
            'The new password field must contain at least one uppercase letter.',
            'The new password field must contain at least one number.',
            'The new password field must contain at least one symbol.',
          ],
        },
      });
      assertShape(SNAPSHOTS, 'password 422', weak.json());
      const noLower = await change(spa, CRDM_PASSWORD, 'ALL-UPPER-CASE-42');
      assert.deepEqual(noLower.json().errors.new_password, ['The new password field must contain at least one lowercase letter.']);
      const same = await change(spa, CRDM_PASSWORD, CRDM_PASSWORD);
      assert.deepEqual(same.json().errors.new_password, ['The new password field and old password must be different.']);
    });

    test('wrong old password, confirmation mismatch, missing fields: 422 with Laravel\'s messages', async () => {
      const wrong = await change(spa, 'Not-the-passw0rd', 'Brand-new-Passw0rd!');
      assert.deepEqual(wrong.json(), {
        message: 'The given data was invalid.',
        errors: { old_password: ['The password is incorrect.'] },
      });
      const mismatch = await change(spa, CRDM_PASSWORD, 'Brand-new-Passw0rd!', 'Brand-new-Passw0rd?');
      assert.deepEqual(mismatch.json().errors, { new_password: ['The new password field confirmation does not match.'] });
      const missing = await spa.request('PATCH', '/api/user/settings/password', {});
      assert.deepEqual(missing.json().errors, {
        old_password: ['The old password field is required.'],
        new_password: ['The new password field is required.'],
      });
      const login = new Spa(t.app);
      await login.signIn('christophe@crdm.test', CRDM_PASSWORD);
    });

    test('the rules in French for a French user', async () => {
      const fr = new Spa(t.app);
      await fr.signIn('francoise@crdm.test', CRDM_PASSWORD);
      const weak = await change(fr, CRDM_PASSWORD, 'crdmunivers');
      assert.deepEqual(weak.json(), {
        message: 'Les données fournies sont invalides.',
        errors: {
          new_password: [
            'Le texte nouveau mot de passe doit contenir au moins 12 caractères.',
            'Le champ nouveau mot de passe doit contenir au moins une lettre majuscule.',
            'Le champ nouveau mot de passe doit contenir au moins un chiffre.',
            'Le champ nouveau mot de passe doit contenir au moins un symbole.',
          ],
        },
      });
      const wrong = await change(fr, 'Pas-le-b0n-mot', 'Nouveau-Passw0rd!');
      assert.deepEqual(wrong.json().errors, { old_password: ['Le mot de passe est incorrect.'] });
    });

    test('success: 200 with the user; the other sessions end, this one stays; the new password signs in', async () => {
      const other = new Spa(t.app);
      await other.signIn('christophe@crdm.test', CRDM_PASSWORD);
      const response = await change(spa, CRDM_PASSWORD, 'Brand-new-Passw0rd!');
      assert.equal(response.statusCode, 200);
      assert.equal(response.json()[0].email, 'christophe@crdm.test');
      assertShape(SNAPSHOTS, 'password 200', response.json());
      assert.equal((await spa.request('GET', '/api/user/')).statusCode, 200, 'the current session stays');
      assert.equal((await other.request('GET', '/api/user/')).statusCode, 401, 'the other session ended');
      const fresh = new Spa(t.app);
      await fresh.csrf();
      const old = await fresh.request('POST', '/login', { email: 'christophe@crdm.test', password: CRDM_PASSWORD, remember: false });
      assert.equal(old.statusCode, 401);
      await fresh.signIn('christophe@crdm.test', 'Brand-new-Passw0rd!');
    });

    test('PATCH /api/user/settings/password signed out: 401', async () => {
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      const response = await change(anonymous, CRDM_PASSWORD, 'Brand-new-Passw0rd!');
      assert.deepEqual([response.statusCode, response.json()], [401, { message: 'Unauthenticated.' }]);
    });

    test('PATCH /api/user/preferences/darkMode {state}: 200 with the preference; 422 for a non-boolean; 401 signed out', async () => {
      const on = await spa.request('PATCH', '/api/user/preferences/darkMode', { state: true });
      assert.equal(on.statusCode, 200);
      assert.deepEqual(on.json()[0].preferences, { localisation: 'en', isDarkModeEnabled: true });
      assertShape(SNAPSHOTS, 'darkMode 200', on.json());
      const me = await spa.request('GET', '/api/user/');
      assert.equal(me.json()[0].preferences.isDarkModeEnabled, true, 'stored');
      const off = await spa.request('PATCH', '/api/user/preferences/darkMode', { state: 0 });
      assert.equal(off.json()[0].preferences.isDarkModeEnabled, false);
      const bad = await spa.request('PATCH', '/api/user/preferences/darkMode', { state: 'yes' });
      assert.deepEqual([bad.statusCode, bad.json()], [422, {
        message: 'The given data was invalid.',
        errors: { state: ['The state field must be true or false.'] },
      }]);
      const missing = await spa.request('PATCH', '/api/user/preferences/darkMode', {});
      assert.deepEqual(missing.json().errors, { state: ['The state field is required.'] });
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      assert.equal((await anonymous.request('PATCH', '/api/user/preferences/darkMode', { state: true })).statusCode, 401);
    });
  });
}
