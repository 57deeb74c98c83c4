// Two-step sign-in on the native API with real TOTP codes (otpauth, at the
// injected clock's time): enrolment, the 403 mfa_required step and the mfa grant,
// replay, drift, expiry and exhaustion of mfa_tokens, recovery codes, disabling,
// the admin reset, the throttle, and the notices mailed — on both databases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { enableTotp, mailWithSubject, mfaGrant, totpCode } from '../../helpers/mfa.js';
import { call, signedInAs } from '../../helpers/native-admin.js';
import { PASSWORD, bearer, me, passwordGrant, signedInUser } from '../../helpers/native-client.js';
import { TestClock, useMailTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`native two-step sign-in (TOTP) on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useMailTestApp(dialect, { clock });

    /** A user with TOTP on, the clock moved past the confirming code's step. */
    async function totpUser(email: string) {
      const tokens = await signedInUser(t.app, email);
      const enrolled = await enableTotp(t.app, tokens.access_token, clock.now());
      clock.advance(30);
      return { ...tokens, ...enrolled };
    }

    async function mfaToken(email: string): Promise<string> {
      const res = await passwordGrant(t.app, email);
      assert.equal(res.statusCode, 403, res.body);
      return res.json().mfa_token;
    }

    test('enrolment: password asked, nothing on until a right code confirms, 10 recovery codes, notice mailed, 409 after', async () => {
      const { access_token } = await signedInUser(t.app, 'enrol@example.com');
      const wrongPassword = await call(t.app, 'POST', '/v1/me/mfa/totp', access_token, { password: 'not it at all' });
      assert.equal(wrongPassword.statusCode, 400);
      assert.equal(wrongPassword.json().code, 'invalid_credentials');

      const begin = await call(t.app, 'POST', '/v1/me/mfa/totp', access_token, { password: PASSWORD });
      assert.equal(begin.statusCode, 200);
      assert.equal(begin.headers['cache-control'], 'no-store');
      const { secret, otpauth_url, qr_svg } = begin.json();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.match(otpauth_url, /^otpauth:\/\/totp\/.*enrol%40example\.com\?.*secret=/);
      assert.match(qr_svg, /^<svg[\s\S]*<\/svg>$/);
      assert.deepEqual((await me(t.app, access_token)).json().mfa, { totp: false, passkeys: 0, recovery_codes_left: 0 });
      // Still off: the password alone signs in.
      assert.equal((await passwordGrant(t.app, 'enrol@example.com')).statusCode, 200);

      const wrong = await call(t.app, 'POST', '/v1/me/mfa/totp/confirm', access_token, { code: '000000' === totpCode(secret, clock.now()) ? '111111' : '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'invalid_code');

      const confirm = await call(t.app, 'POST', '/v1/me/mfa/totp/confirm', access_token, { code: totpCode(secret, clock.now()) });
      assert.equal(confirm.statusCode, 200);
      const codes: string[] = confirm.json().recovery_codes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      assert.deepEqual((await me(t.app, access_token)).json().mfa, { totp: true, passkeys: 0, recovery_codes_left: 10 });

      const again = await call(t.app, 'POST', '/v1/me/mfa/totp', access_token, { password: PASSWORD });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'mfa_already_enabled');

      const notice = await mailWithSubject(t.smtp, 'enrol@example.com', /Two-step verification is on/);
      assert.doesNotMatch(notice.text, new RegExp(secret));
      // The secret is sealed at rest, never in clear.
      const row = await t.store.db.selectFrom('mfa_totp').selectAll().executeTakeFirstOrThrow();
      assert.ok(!row.sealed_secret.includes(secret));
    });

    test('sign-in: the password answers 403 mfa_required and no tokens; the mfa grant with the code gives the token pair', async () => {
      const user = await totpUser('twostep@example.com');
      const first = await passwordGrant(t.app, 'twostep@example.com');
      assert.equal(first.statusCode, 403);
      const body = first.json();
      assert.equal(body.error, 'mfa_required');
      assert.equal(typeof body.error_description, 'string');
      assert.match(body.mfa_token, /^[\w-]{16}\.[\w-]{43}$/);
      assert.equal(body.access_token, undefined);
      assert.equal(body.refresh_token, undefined);
      const id = (await t.store.users.findByEmail('twostep@example.com'))!.id;
      const actions = (await t.store.audit.listForUser(id, 20)).map((event) => event.action);
      assert.ok(actions.includes('user.sign_in_mfa_required'), 'audited (the sign-in metric counts it)');

      const ok = await mfaGrant(t.app, body.mfa_token, { otp: totpCode(user.secret, clock.now()) });
      assert.equal(ok.statusCode, 200, ok.body);
      const tokens = ok.json();
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal((await me(t.app, tokens.access_token)).json().email, 'twostep@example.com');
      // The token pair is the usual one: the refresh token rotates.
      const refreshed = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token } });
      assert.equal(refreshed.statusCode, 200);

      // The mfa_token died with its success.
      clock.advance(30);
      const spent = await mfaGrant(t.app, body.mfa_token, { otp: totpCode(user.secret, clock.now()) });
      assert.equal(spent.statusCode, 400);
      assert.equal(spent.json().error, 'invalid_grant');
    });

    test('a TOTP code works once: replayed with a new mfa_token it is refused; ±1 step of drift is accepted', async () => {
      const user = await totpUser('replay@example.com');
      const code = totpCode(user.secret, clock.now());
      assert.equal((await mfaGrant(t.app, await mfaToken('replay@example.com'), { otp: code })).statusCode, 200);
      const replay = await mfaGrant(t.app, await mfaToken('replay@example.com'), { otp: code });
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error, 'invalid_grant');

      clock.advance(90);
      const late = totpCode(user.secret, new Date(clock.now().getTime() - 30_000));
      assert.equal((await mfaGrant(t.app, await mfaToken('replay@example.com'), { otp: late })).statusCode, 200, 'one step behind');
      const ahead = totpCode(user.secret, new Date(clock.now().getTime() + 30_000));
      assert.equal((await mfaGrant(t.app, await mfaToken('replay@example.com'), { otp: ahead })).statusCode, 200, 'one step ahead');
      clock.advance(120);
      const old = totpCode(user.secret, new Date(clock.now().getTime() - 60_000));
      assert.equal((await mfaGrant(t.app, await mfaToken('replay@example.com'), { otp: old })).statusCode, 400, 'two steps behind');
    });

    test('two parallel uses of one code: exactly one signs in', async () => {
      const user = await totpUser('parallel@example.com');
      const tokens = [await mfaToken('parallel@example.com'), await mfaToken('parallel@example.com')];
      const code = totpCode(user.secret, clock.now());
      const answers = await Promise.all(tokens.map((token) => mfaGrant(t.app, token, { otp: code })));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400]);
    });

    test('an mfa_token expires after 5 minutes and dies after 5 wrong codes', async () => {
      const user = await totpUser('expiry@example.com');
      const expiring = await mfaToken('expiry@example.com');
      clock.advance(301);
      const expired = await mfaGrant(t.app, expiring, { otp: totpCode(user.secret, clock.now()) });
      assert.equal(expired.statusCode, 400);
      assert.equal(expired.json().error, 'invalid_grant');

      const guessed = await mfaToken('expiry@example.com');
      const right = totpCode(user.secret, clock.now());
      const wrongCode = right === '123456' ? '654321' : '123456';
      for (let i = 0; i < 5; i++) assert.equal((await mfaGrant(t.app, guessed, { otp: wrongCode })).statusCode, 400);
      const dead = await mfaGrant(t.app, guessed, { otp: right });
      assert.equal(dead.statusCode, 400, 'the right code comes too late');
      assert.equal(dead.json().error, 'invalid_grant');
      // A token of another API is refused here, and a garbled one too.
      assert.equal((await mfaGrant(t.app, 'garbage', { otp: right })).statusCode, 400);
    });

    test('spent and expired mfa_tokens are forgotten an hour after they expire', async () => {
      await totpUser('purge@example.com');
      const id = (await t.store.users.findByEmail('purge@example.com'))!.id;
      await mfaToken('purge@example.com');
      clock.advance(300 + 3600 + 1);
      await mfaToken('purge@example.com');
      const rows = await t.store.db.selectFrom('mfa_tokens').select('id').where('user_id', '=', id).execute();
      assert.equal(rows.length, 1);
    });

    test('one recovery code used twice at once: exactly one signs in', async () => {
      const user = await totpUser('parallel-rc@example.com');
      const tokens = [await mfaToken('parallel-rc@example.com'), await mfaToken('parallel-rc@example.com')];
      const answers = await Promise.all(tokens.map((token) => mfaGrant(t.app, token, { recovery_code: user.recoveryCodes[0]! })));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400]);
    });

    test('wrong codes count toward the per-account throttle, with wrong passwords', async () => {
      const user = await totpUser('throttle@example.com');
      const token = await mfaToken('throttle@example.com'); // attempt 1 (a right password does not clear the count yet)
      const right = totpCode(user.secret, clock.now());
      const wrongCode = right === '123456' ? '654321' : '123456';
      for (let i = 0; i < 5; i++) await mfaGrant(t.app, token, { otp: wrongCode }); // 2–6
      const second = await mfaToken('throttle@example.com'); // 7
      for (let i = 0; i < 3; i++) await mfaGrant(t.app, second, { otp: wrongCode }); // 8–10
      const locked = await mfaGrant(t.app, second, { otp: right });
      assert.equal(locked.statusCode, 429);
      const password = await passwordGrant(t.app, 'throttle@example.com');
      assert.equal(password.statusCode, 429, 'the password too is refused while locked');
      clock.advance(16 * 60);
    });

    test('recovery codes: each works once; a new set replaces the old one', async () => {
      const user = await totpUser('recovery@example.com');
      const [first, second] = user.recoveryCodes as [string, string];
      const lost = (await t.store.users.findByEmail('recovery@example.com'))!;
      const stored = await t.store.db.selectFrom('mfa_recovery_codes').select('code_hash').where('user_id', '=', lost.id).execute();
      assert.equal(stored.length, 10);
      for (const { code_hash } of stored) {
        assert.match(code_hash, /^[\w-]{6}\.[\w-]{43}$/, 'salted SHA-256, never the code');
        assert.ok(!user.recoveryCodes.some((code) => code_hash.includes(code)));
      }
      const ok = await mfaGrant(t.app, await mfaToken('recovery@example.com'), { recovery_code: first.toUpperCase() });
      assert.equal(ok.statusCode, 200, 'case does not matter');
      const access = ok.json().access_token;
      assert.equal((await me(t.app, access)).json().mfa.recovery_codes_left, 9);
      const reused = await mfaGrant(t.app, await mfaToken('recovery@example.com'), { recovery_code: first });
      assert.equal(reused.statusCode, 400);
      assert.equal(reused.json().error, 'invalid_grant');

      const renewed = await call(t.app, 'POST', '/v1/me/mfa/recovery-codes', access, { password: PASSWORD });
      assert.equal(renewed.statusCode, 200);
      const fresh: string[] = renewed.json().recovery_codes;
      assert.equal(fresh.length, 10);
      assert.equal((await mfaGrant(t.app, await mfaToken('recovery@example.com'), { recovery_code: second })).statusCode, 400, 'old set dead');
      assert.equal((await mfaGrant(t.app, await mfaToken('recovery@example.com'), { recovery_code: fresh[0]! })).statusCode, 200);
      await mailWithSubject(t.smtp, 'recovery@example.com', /New recovery codes/);
    });

    test('disabling needs the password; then the password alone signs in and the codes are gone', async () => {
      const user = await totpUser('disable@example.com');
      const signed = await mfaGrant(t.app, await mfaToken('disable@example.com'), { otp: totpCode(user.secret, clock.now()) });
      const access = signed.json().access_token;
      const refused = await t.app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: bearer(access), payload: { password: 'wrong wrong wrong' } });
      assert.equal(refused.statusCode, 400);
      assert.equal((await passwordGrant(t.app, 'disable@example.com')).statusCode, 403, 'still on');
      const off = await t.app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: bearer(access), payload: { password: PASSWORD } });
      assert.equal(off.statusCode, 204);
      assert.equal((await passwordGrant(t.app, 'disable@example.com')).statusCode, 200);
      assert.deepEqual((await me(t.app, access)).json().mfa, { totp: false, passkeys: 0, recovery_codes_left: 0 });
      await mailWithSubject(t.smtp, 'disable@example.com', /Two-step verification is off/);
    });

    test('admin reset: DELETE /v1/users/{id}/mfa removes the factors, is audited, mails the user; others get 403', async () => {
      await totpUser('lost@example.com');
      const admin = await signedInAs(t, 'ADMIN', 'mfa-admin@example.com');
      const lost = (await t.store.users.findByEmail('lost@example.com'))!;
      const other = await signedInUser(t.app, 'nosy@example.com');
      assert.equal((await call(t.app, 'DELETE', `/v1/users/${lost.id}/mfa`, other.access_token)).statusCode, 403);
      assert.equal((await call(t.app, 'DELETE', '/v1/users/999999/mfa', admin.access_token)).statusCode, 404);
      const reset = await call(t.app, 'DELETE', `/v1/users/${lost.id}/mfa`, admin.access_token);
      assert.equal(reset.statusCode, 204);
      assert.equal((await passwordGrant(t.app, 'lost@example.com')).statusCode, 200, 'the password alone again');
      const events = await call(t.app, 'GET', `/v1/users/${lost.id}/events`, admin.access_token);
      const actions = (events.json().items ?? events.json()).map((e: { action: string }) => e.action);
      assert.ok(actions.includes('mfa.reset'), actions.join());
      assert.ok(actions.includes('mfa.totp_enabled'), actions.join());
      await mailWithSubject(t.smtp, 'lost@example.com', /was reset/);
    });

    test('a user without TOTP sees nothing new: password grant 200, mfa summary all off', async () => {
      const { access_token } = await signedInUser(t.app, 'plain@example.com');
      assert.deepEqual((await me(t.app, access_token)).json().mfa, { totp: false, passkeys: 0, recovery_codes_left: 0 });
      const res = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'urn:sesame:grant-type:mfa' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'invalid_request');
    });
  });
}
