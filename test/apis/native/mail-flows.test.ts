// The mail flows of the native API end to end, with a real SMTP server on
// loopback: the API call, the mail received in the user's language, its link,
// and the finished action. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { linkOf, pathOf, tokenOf } from '../../helpers/mail-links.js';
import { PASSWORD, bearer, me, passwordGrant, signUp, signedInUser } from '../../helpers/native-client.js';
import { TestClock, useMailTestApp } from '../../helpers/test-app.js';

const run = promisify(execFile);
const NEW_PASSWORD = 'a brand new passphrase 42';

for (const dialect of dialects) {
  describe(`native mail flows on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useMailTestApp(dialect, {
      clock,
      env: { PUBLIC_URL: 'https://id.example.org', MAIL_FROM: 'Sésame <no-reply@example.org>' },
    });

    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, payload, headers });

    test('sign-up mails a verification link in the requested language; the link verifies', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/signup',
        headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' },
        payload: { email: 'amelie@example.com', password: PASSWORD, first_name: 'Amélie' },
      });
      assert.equal(response.statusCode, 201);
      assert.equal(response.json().user.email_verified, false);
      const mail = await t.smtp.waitFor('amelie@example.com');
      assert.equal(mail.subject, 'Confirmez votre adresse e-mail pour Sésame');
      assert.match(mail.text, /Bonjour Amélie,/);
      assert.equal(mail.from, 'no-reply@example.org');
      assert.equal(linkOf(mail).origin + linkOf(mail).pathname, 'https://id.example.org/account/verify-email');
      assert.ok(mail.html.includes(mail.link!.replaceAll('&', '&amp;')), 'the HTML part carries the same link');

      const page = await t.app.inject({ method: 'GET', url: pathOf(mail), headers: { 'accept-language': 'fr' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Merci : votre adresse e-mail amelie@example\.com est vérifiée\./);
      const tokens = (await passwordGrant(t.app, 'amelie@example.com')).json();
      assert.equal((await me(t.app, tokens.access_token)).json().email_verified, true);

      const again = await post('/v1/verify-email', { token: tokenOf(mail) });
      assert.equal(again.statusCode, 400, 'a link works once');
      assert.equal(again.json().code, 'token_invalid');
    });

    test('POST /v1/verify-email verifies; resend answers 202 alike for unknown and known addresses', async () => {
      await signUp(t.app, 'bruno@example.com', PASSWORD, { locale: 'de' });
      await t.smtp.waitFor('bruno@example.com');
      const unknown = await post('/v1/verify-email/resend', { email: 'nobody@example.com' });
      const known = await post('/v1/verify-email/resend', { email: 'Bruno@Example.com' });
      assert.equal(unknown.statusCode, 202);
      assert.equal(known.statusCode, 202);
      assert.equal(unknown.body, known.body);
      const second = await t.smtp.waitFor('bruno@example.com', 2);
      assert.equal(second.subject, 'Bestätigen Sie Ihre E-Mail-Adresse für Sésame', 'the user’s own language wins');
      const verified = await post('/v1/verify-email', { token: tokenOf(second) });
      assert.equal(verified.statusCode, 204);
      const tokens = (await passwordGrant(t.app, 'bruno@example.com')).json();
      assert.equal((await me(t.app, tokens.access_token)).json().email_verified, true);
      await post('/v1/verify-email/resend', { email: 'bruno@example.com' });
      await t.core.background.settled();
      await t.mail.worker.runOnce();
      assert.equal(t.smtp.to('bruno@example.com').length, 2, 'a verified address gets no more links');
      assert.equal(t.smtp.to('nobody@example.com').length, 0);
    });

    test('forgot password: same answer for anyone; the link resets once, ends every session', async () => {
      const tokens = await signedInUser(t.app, 'carla@example.com');
      await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(tokens.access_token), payload: { locale: 'es' } });
      const unknown = await post('/v1/password/forgot', { email: 'ghost@example.com' });
      const known = await post('/v1/password/forgot', { email: 'carla@example.com' });
      assert.equal(unknown.statusCode, 202);
      assert.equal(known.statusCode, 202);
      assert.equal(unknown.body, known.body);
      const mail = await t.smtp.waitFor('carla@example.com', 2);
      assert.equal(mail.subject, 'Restablezca su contraseña de Sésame');
      assert.equal(linkOf(mail).pathname, '/account/reset-password');

      const weak = await post('/v1/password/reset', { token: tokenOf(mail), password: 'zq9!xv' });
      assert.equal(weak.statusCode, 422);
      assert.deepEqual(weak.json().rules, ['too_short']);
      const done = await post('/v1/password/reset', { token: tokenOf(mail), password: NEW_PASSWORD });
      assert.equal(done.statusCode, 204, 'a refused password does not burn the link');
      assert.equal((await me(t.app, tokens.access_token)).statusCode, 401, 'the old session is over');
      assert.equal((await passwordGrant(t.app, 'carla@example.com')).statusCode, 400, 'the old password is gone');
      assert.equal((await passwordGrant(t.app, 'carla@example.com', NEW_PASSWORD)).statusCode, 200);
      const reused = await post('/v1/password/reset', { token: tokenOf(mail), password: 'yet another passphrase 7' });
      assert.equal(reused.statusCode, 400);
      assert.equal(reused.json().code, 'token_invalid');
      assert.equal(t.smtp.to('ghost@example.com').length, 0);
      const stored = await t.store.oneTimeTokens.findById(tokenOf(mail).split('.')[0]!);
      assert.ok(stored && !stored.secretHash.includes(tokenOf(mail).split('.')[1]!), 'only a hash is stored');
    });

    test('a reset link expires after 60 minutes', async () => {
      await signUp(t.app, 'dora@example.com');
      await post('/v1/password/forgot', { email: 'dora@example.com' });
      const mail = await t.smtp.waitFor('dora@example.com', 2);
      clock.advance(60 * 60 + 1);
      const late = await post('/v1/password/reset', { token: tokenOf(mail), password: NEW_PASSWORD });
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().code, 'token_expired');
    });

    test('email change: link to the new address, notice to the old; changes on confirmation only', async () => {
      const tokens = await signedInUser(t.app, 'emil@example.com');
      const wrong = await post('/v1/me/email', { new_email: 'emil.new@example.com', password: 'wrong password!' }, bearer(tokens.access_token));
      assert.equal(wrong.statusCode, 400);
      const asked = await post('/v1/me/email', { new_email: 'emil.new@example.com', password: PASSWORD }, bearer(tokens.access_token));
      assert.equal(asked.statusCode, 202);
      const confirm = await t.smtp.waitFor('emil.new@example.com');
      const notice = await t.smtp.waitFor('emil@example.com', 2);
      assert.match(notice.subject, /about to change/);
      assert.equal(notice.link, null, 'the notice carries no link');
      assert.match(notice.text, /emil\.new@example\.com/);
      assert.equal((await me(t.app, tokens.access_token)).json().email, 'emil@example.com', 'nothing changed yet');
      const confirmed = await post('/v1/email/confirm', { token: tokenOf(confirm) });
      assert.equal(confirmed.statusCode, 204);
      const now = (await me(t.app, tokens.access_token)).json();
      assert.equal(now.email, 'emil.new@example.com');
      assert.equal(now.email_verified, true);
      assert.equal((await passwordGrant(t.app, 'emil.new@example.com')).statusCode, 200);
    });

    test('email change: an address taken in between is a 409 and changes nothing', async () => {
      const tokens = await signedInUser(t.app, 'fanny@example.com');
      const taken = await post('/v1/me/email', { new_email: 'carla@example.com', password: PASSWORD }, bearer(tokens.access_token));
      assert.equal(taken.statusCode, 409);
      await post('/v1/me/email', { new_email: 'fanny.two@example.com', password: PASSWORD }, bearer(tokens.access_token));
      const confirm = await t.smtp.waitFor('fanny.two@example.com');
      assert.equal((await signUp(t.app, 'fanny.two@example.com')).statusCode, 201);
      const late = await post('/v1/email/confirm', { token: tokenOf(confirm) });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().code, 'email_taken');
      assert.equal((await me(t.app, tokens.access_token)).json().email, 'fanny@example.com');
    });

    test('invitation: an account created by an admin gets a 7-day link to set its first password', async () => {
      const user = await t.core.accounts.signUp(
        { email: 'gus@example.com', password: 'a random unusable password 123', locale: 'de' },
        { api: 'native', ip: null, userAgent: null },
      );
      await t.core.invitations.send(user, {
        link: (token) => `https://id.example.org/account/accept-invitation?token=${token}`,
        bcc: ['admin@example.com'],
      });
      const mail = await t.smtp.waitFor('gus@example.com');
      assert.equal(mail.subject, 'Ihr Sésame-Konto ist bereit');
      assert.ok(mail.recipients.includes('admin@example.com'), 'the creator gets a blind copy');
      assert.ok(!mail.to.includes('admin@example.com'));
      const form = await t.app.inject({ method: 'GET', url: pathOf(mail), headers: { 'accept-language': 'fr' } });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="password">Neues Passwort<\/label>/, 'the page speaks the user’s language');
      const set = await t.app.inject({
        method: 'POST',
        url: '/account/accept-invitation',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token: tokenOf(mail), password: NEW_PASSWORD, password_confirm: NEW_PASSWORD, lang: 'en' }).toString(),
      });
      assert.equal(set.statusCode, 200);
      assert.match(set.body, /Your password is set/);
      assert.equal((await passwordGrant(t.app, 'gus@example.com', NEW_PASSWORD)).statusCode, 200);

      const other = await t.core.accounts.signUp(
        { email: 'hugo@example.com', password: 'another random password 456' },
        { api: 'native', ip: null, userAgent: null },
      );
      await t.core.invitations.send(other, { link: (token) => `https://id.example.org/account/accept-invitation?token=${token}` });
      const late = await t.smtp.waitFor('hugo@example.com');
      clock.advance(7 * 24 * 3600 + 1);
      const expired = await t.app.inject({ method: 'GET', url: pathOf(late) });
      assert.equal(expired.statusCode, 400);
      assert.match(expired.body, /This link has expired/);
    });

    test('a refused sign-up queues no mail; GET /v1/verify-email (the raw link) verifies too', async () => {
      await signUp(t.app, 'jules@example.com');
      const first = await t.smtp.waitFor('jules@example.com');
      assert.equal((await signUp(t.app, 'JULES@example.com')).statusCode, 409);
      assert.equal((await signUp(t.app, 'weak@example.com', 'short')).statusCode, 422);
      assert.equal((await t.store.outbox.list({ to: 'jules@example.com', limit: 10 })).length, 1, 'no mail for the 409');
      assert.equal((await t.store.outbox.list({ to: 'weak@example.com', limit: 10 })).length, 0);
      const raw = await t.app.inject({ method: 'GET', url: `/v1/verify-email?token=${encodeURIComponent(tokenOf(first))}` });
      assert.equal(raw.statusCode, 204);
      const bad = await t.app.inject({ method: 'GET', url: '/v1/verify-email?token=not-a-token' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'token_invalid');
    });

    test('an invitation link also works on the reset route (an API may point its "set your password" mail there)', async () => {
      const user = await t.core.accounts.signUp(
        { email: 'kim@example.com', password: 'a random unusable password 789' },
        { api: 'crdm', ip: null, userAgent: null },
      );
      await t.core.invitations.send(user, { link: (token) => `https://crdm.example.org/reset-password?token=${token}`, bcc: ['creator@example.com'] });
      const mail = await t.smtp.waitFor('kim@example.com');
      assert.equal(linkOf(mail).origin, 'https://crdm.example.org', 'the caller builds the link');
      assert.ok(mail.recipients.includes('creator@example.com'));
      const reset = await post('/v1/password/reset', { token: tokenOf(mail), password: NEW_PASSWORD });
      assert.equal(reset.statusCode, 204);
      assert.equal((await passwordGrant(t.app, 'kim@example.com', NEW_PASSWORD)).statusCode, 200);
    });

    test('a mail bomb against one address stops at the hourly share, whatever the IPs', async () => {
      await signUp(t.app, 'ivy@example.com');
      await t.smtp.waitFor('ivy@example.com');
      for (let i = 0; i < 10; i += 1) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/password/forgot',
          payload: { email: 'ivy@example.com' },
          remoteAddress: `10.0.0.${i + 1}`,
        });
        assert.equal(response.statusCode, 202);
      }
      await t.core.background.settled();
      const share = t.config.mail.perAddressPerHour;
      const queued = await t.store.outbox.list({ to: 'ivy@example.com', limit: 50 });
      assert.equal(queued.length, share, 'the sign-up mail and the resets share the hourly quota');
      await t.smtp.waitFor('ivy@example.com', share);
      assert.equal(t.smtp.to('ivy@example.com').length, share);
    });
  });
}

for (const dialect of dialects) {
  describe(`forgot password timing on ${dialect.name}`, () => {
    const t = useMailTestApp(dialect, { env: { MAIL_PER_ADDRESS_PER_HOUR: '1000' } });

    before(async () => {
      await signUp(t.app, 'known@example.com');
    });

    test('an unknown address answers in the same time as a known one', async () => {
      await t.mail.worker.stop(); // the SMTP side is not part of the answer
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      // Known and unknown alternate; 10 warm-up pairs, then 40 measured pairs.
      const bodies = Array.from({ length: 50 }, (_, i) => [{ email: 'known@example.com' }, { email: `unknown${i}@example.com` }]).flat();
      const { stdout } = await run(process.execPath, ['test/helpers/timing-client.mjs', base, '/v1/password/forgot', JSON.stringify(bodies)]);
      const timings = (JSON.parse(stdout) as { status: number; ms: number }[]).slice(20);
      assert.ok(timings.every((timing) => timing.status === 202));
      const known = timings.filter((_, i) => i % 2 === 0).map((timing) => timing.ms);
      const unknown = timings.filter((_, i) => i % 2 === 1).map((timing) => timing.ms);
      // The lower quartile: the cost of the path itself, less the noise of a loaded machine.
      const quartile = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 4)]!;
      const [k, u] = [quartile(known), quartile(unknown)];
      console.log(`forgot password lower quartile: known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms`);
      // The lookup is the only work before the answer; issuing the token and the mail
      // happens after it. Sending the mail inside the request would cost tens of ms;
      // on PostgreSQL a gap of 1–4 ms remains under load (cause not found yet, noted
      // in SECURITY.md), so the bound is 5 ms or 50%.
      assert.ok(Math.abs(k - u) < Math.max(5, 0.5 * Math.min(k, u)), `known ${k} ms vs unknown ${u} ms`);
      await t.core.background.settled();
      await t.mail.worker.runOnce();
      assert.ok(t.smtp.to('known@example.com').length >= 50, 'the known address did get its mails');
    });
  });
}
