// The account-policy findings of issue 16, each tried as an attacker would, on
// SQLite and PostgreSQL, over real HTTP and real SMTP on loopback:
// 1. a stolen access token sets no new password and moves no email through
//    coinduchef's PATCH /utilisateurs/{own id};
// 3. a reset link mailed before an email or password change stops working after
//    it, whoever made the change (the user, a native admin, a coinduchef admin);
// 5. wrong current passwords count toward the per-account sign-in lockout and
//    are refused while it lasts.
// (Finding 2, roles and read rights, is the policy table: test/core/policy-table.test.ts.)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CURRENT_PASSWORD_MISSING, CURRENT_PASSWORD_WRONG } from '../../src/apis/coinduchef/errors.js';
import { CDC_PASSWORD, call as cdc, signedIn as cdcSignedIn, token as cdcToken, tokenFor } from '../helpers/coinduchef-client.js';
import { dialects } from '../helpers/databases.js';
import { tokenOf } from '../helpers/mail-links.js';
import { PASSWORD, bearer, passwordGrant, signedInUser } from '../helpers/native-client.js';
import { call as native, signedInAs } from '../helpers/native-admin.js';
import { TestClock, useMailTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`account policy findings on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useMailTestApp(dialect, { clock });

    /** The first mail to `address` whose text matches `pattern` (sign-ups mail a verification link first). */
    const mailMatching = async (address: string, pattern: RegExp) => {
      for (let count = 1; count <= 6; count += 1) {
        const mail = await t.smtp.waitFor(address, count);
        if (pattern.test(mail.text)) return mail;
      }
      throw new Error(`no mail to ${address} matching ${pattern}`);
    };
    /** A reset link mailed to `email` now: the token it carries. */
    const resetLinkFor = async (email: string): Promise<string> => {
      const asked = await t.app.inject({ method: 'POST', url: '/v1/password/forgot', payload: { email } });
      assert.equal(asked.statusCode, 202);
      return tokenOf(await mailMatching(email, /reset-password/));
    };
    const resetWith = (token: string) =>
      t.app.inject({ method: 'POST', url: '/v1/password/reset', payload: { token, password: 'a brand new passphrase' } });

    test('finding 1: a stolen coinduchef token cannot set a new password without the current one', async () => {
      const owner = await cdcSignedIn(t.app, 'victime@example.com');
      const { token: stolen } = await tokenFor(t.app, 'victime@example.com');
      const path = `/utilisateurs/${owner.user.id}`;

      const missing = await cdc(t.app, 'PATCH', path, stolen, { mot_de_passe: 'choisi par le voleur' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json(), { detail: CURRENT_PASSWORD_MISSING });
      const wrong = await cdc(t.app, 'PUT', path, stolen, {
        prenom: 'Jean', nom: 'Dupont', courriel: 'victime@example.com',
        mot_de_passe: 'choisi par le voleur', mot_de_passe_actuel: 'une devinette',
      });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(wrong.json(), { detail: CURRENT_PASSWORD_WRONG });

      assert.equal((await cdcToken(t.app, 'victime@example.com', 'choisi par le voleur')).statusCode, 401);
      assert.equal((await cdcToken(t.app, 'victime@example.com', CDC_PASSWORD)).statusCode, 200);
      assert.equal((await cdc(t.app, 'GET', '/users/me/', owner.token)).statusCode, 200, "the owner's session goes on");

      const changed = await cdc(t.app, 'PATCH', path, owner.token, {
        mot_de_passe: 'mon nouveau secret à moi', mot_de_passe_actuel: CDC_PASSWORD,
      });
      assert.equal(changed.statusCode, 200, 'with the current password the owner changes it');
      assert.equal((await cdcToken(t.app, 'victime@example.com', 'mon nouveau secret à moi')).statusCode, 200);
    });

    test('finding 1: a stolen coinduchef token cannot move the account to another email', async () => {
      const owner = await cdcSignedIn(t.app, 'proprietaire@example.com');
      const { token: stolen } = await tokenFor(t.app, 'proprietaire@example.com');
      const moved = await cdc(t.app, 'PATCH', `/utilisateurs/${owner.user.id}`, stolen, { courriel: 'voleur@evil.example' });
      assert.equal(moved.statusCode, 200);
      assert.equal(moved.json().courriel, 'proprietaire@example.com', 'the address stays until the new one confirms');
      assert.equal((await cdcToken(t.app, 'voleur@evil.example')).statusCode, 401);
      assert.equal((await cdcToken(t.app, 'proprietaire@example.com')).statusCode, 200);

      await mailMatching('proprietaire@example.com', /voleur@evil\.example/); // the old address is told
      const confirmation = await t.smtp.waitFor('voleur@evil.example', 1);
      const confirmed = await t.app.inject({ method: 'POST', url: '/v1/email/confirm', payload: { token: tokenOf(confirmation) } });
      assert.equal(confirmed.statusCode, 204, 'whoever reads the new address confirms it');
      assert.equal((await cdcToken(t.app, 'voleur@evil.example')).statusCode, 200);
    });

    test('finding 3: a reset link mailed before one\'s own email change no longer works after it', async () => {
      const { access_token } = await signedInUser(t.app, 'ancienne@example.com');
      const resetToken = await resetLinkFor('ancienne@example.com');
      const asked = await t.app.inject({
        method: 'POST', url: '/v1/me/email', headers: bearer(access_token),
        payload: { new_email: 'nouvelle@example.com', password: PASSWORD },
      });
      assert.equal(asked.statusCode, 202);
      const confirmation = await t.smtp.waitFor('nouvelle@example.com', 1);
      const confirmed = await t.app.inject({ method: 'POST', url: '/v1/email/confirm', payload: { token: tokenOf(confirmation) } });
      assert.equal(confirmed.statusCode, 204);
      const reset = await resetWith(resetToken);
      assert.ok(reset.statusCode >= 400 && reset.statusCode < 500, `reset link still worked: ${reset.statusCode}`);
      assert.equal((await passwordGrant(t.app, 'nouvelle@example.com', PASSWORD)).statusCode, 200);
    });

    test('finding 3: a password change spends an outstanding reset link', async () => {
      const { access_token } = await signedInUser(t.app, 'mdp.change@example.com');
      const resetToken = await resetLinkFor('mdp.change@example.com');
      const changed = await t.app.inject({
        method: 'POST', url: '/v1/me/password', headers: bearer(access_token),
        payload: { current_password: PASSWORD, new_password: 'another long passphrase' },
      });
      assert.equal(changed.statusCode, 204);
      assert.ok((await resetWith(resetToken)).statusCode >= 400);
    });

    test('finding 3: a native admin sets another\'s email at once; the old address is told and its links die', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'native.admin@example.com');
      const user = await signedInAs(t, 'USER', 'avant@example.com');
      const resetToken = await resetLinkFor('avant@example.com');
      const patched = await native(t.app, 'PATCH', `/v1/users/${user.id}`, admin.access_token, { email: 'apres@example.com' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json().email, 'apres@example.com');
      await mailMatching('avant@example.com', /apres@example\.com/); // the old address is told
      assert.ok((await resetWith(resetToken)).statusCode >= 400, 'the link mailed to the old address is spent');
    });

    test('finding 3: a coinduchef admin\'s email or password change spends the account\'s links', async () => {
      const { user } = await t.core.accounts.createOrPromoteAdmin('cdc.admin@example.com', 'le mot de passe du chef');
      const { token: adminToken } = await tokenFor(t.app, 'cdc.admin@example.com', 'le mot de passe du chef');
      assert.ok(user.id > 0);
      const target = await cdcSignedIn(t.app, 'cible@example.com');
      const first = await resetLinkFor('cible@example.com');
      const moved = await cdc(t.app, 'PATCH', `/utilisateurs/${target.user.id}`, adminToken, { courriel: 'cible.nouvelle@example.com' });
      assert.equal(moved.json().courriel, 'cible.nouvelle@example.com');
      assert.ok((await resetWith(first)).statusCode >= 400);

      const second = await resetLinkFor('cible.nouvelle@example.com');
      const reset = await cdc(t.app, 'PATCH', `/utilisateurs/${target.user.id}`, adminToken, { mot_de_passe: "choisi par l'admin" });
      assert.equal(reset.statusCode, 200);
      assert.ok((await resetWith(second)).statusCode >= 400);
    });

    test('finding 5: wrong current passwords count toward the lockout, which then refuses even the right one', async () => {
      const { access_token } = await signedInUser(t.app, 'devine@example.com');
      const guess = (current: string) =>
        t.app.inject({
          method: 'POST', url: '/v1/me/password', headers: bearer(access_token),
          payload: { current_password: current, new_password: 'the thief wants this one' },
        });
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        assert.equal((await guess(`guess number ${attempt}`)).statusCode, 400, `attempt ${attempt}`);
      }
      assert.equal((await guess(PASSWORD)).statusCode, 429, 'the right password is refused while locked');
      assert.equal((await passwordGrant(t.app, 'devine@example.com', PASSWORD)).statusCode, 429, 'sign-in is locked too');
      const deletion = await t.app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(access_token), payload: { password: PASSWORD } });
      assert.equal(deletion.statusCode, 429, 'so is account deletion');
      clock.advance(61);
      assert.equal((await passwordGrant(t.app, 'devine@example.com', PASSWORD)).statusCode, 200, 'after the window');
    });

    test('finding 5: coinduchef mot_de_passe_actuel guesses count toward the same lockout', async () => {
      const owner = await cdcSignedIn(t.app, 'devine.cdc@example.com');
      const path = `/utilisateurs/${owner.user.id}`;
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const wrong = await cdc(t.app, 'PATCH', path, owner.token, { mot_de_passe: 'choisi par le voleur', mot_de_passe_actuel: `essai ${attempt}` });
        assert.equal(wrong.statusCode, 400, `attempt ${attempt}`);
      }
      assert.equal((await cdcToken(t.app, 'devine.cdc@example.com')).statusCode, 429);
      const right = await cdc(t.app, 'PATCH', path, owner.token, { mot_de_passe: 'choisi par le voleur', mot_de_passe_actuel: CDC_PASSWORD });
      assert.equal(right.statusCode, 429);
      clock.advance(61);
    });
  });
}
