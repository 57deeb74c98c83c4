// The console's two-step sign-in over real HTTP requests: the password step of a
// user with TOTP on shows the code page (the mfa_token only in an HttpOnly cookie
// of the sign-in paths, never in the URL or the page), then a real TOTP code or a
// recovery code opens the console session; a wrong code shows the page again with
// its error in the visitor's language; return_to is kept — on both databases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../helpers/databases.js';
import { enableTotp, totpCode } from '../helpers/mfa.js';
import { PASSWORD, signedInUser } from '../helpers/native-client.js';
import { signedInAs } from '../helpers/native-admin.js';
import { TestClock, useTestApp, type TestApp } from '../helpers/test-app.js';

const cookiesOf = (response: LightMyRequestResponse) =>
  ([response.headers['set-cookie'] ?? []].flat() as string[]).map((header) => header.split(';')[0]!);
const rawCookies = (response: LightMyRequestResponse) => [response.headers['set-cookie'] ?? []].flat() as string[];
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function totpUser(t: TestApp, clock: TestClock, email: string) {
  const tokens = await signedInUser(t.app, email);
  const enrolled = await enableTotp(t.app, tokens.access_token, clock.now());
  clock.advance(30);
  return enrolled;
}

/** The password step: the response (the code page) and the cookies a browser would hold after it. */
async function passwordStep(t: TestApp, email: string, returnTo?: string, headers: Record<string, string> = {}) {
  const page = await t.app.inject({ method: 'GET', url: '/account/sign-in', headers });
  const pre = cookiesOf(page);
  const response = await t.app.inject({
    method: 'POST',
    url: '/account/sign-in',
    headers: { ...headers, cookie: pre.join('; ') },
    payload: { _csrf: csrfOf(page.body), email, password: PASSWORD, ...(returnTo ? { return_to: returnTo } : {}) },
  });
  const cookies = [...pre, ...cookiesOf(response)];
  return { response, cookies, csrf: csrfOf(page.body) };
}

function postCode(t: TestApp, cookies: string[], csrf: string, code: string, returnTo?: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/account/sign-in/code',
    headers: { ...headers, cookie: cookies.join('; ') },
    payload: { _csrf: csrf, code, ...(returnTo ? { return_to: returnTo } : {}) },
  });
}

const sessionOf = (response: LightMyRequestResponse) => cookiesOf(response).find((c) => c.startsWith('sesame_console=') && c.length > 'sesame_console='.length);

for (const dialect of dialects) {
  describe(`console two-step sign-in on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { RATE_LIMIT_SIGN_IN: '100' } });

    test('the password shows the code page, the mfa_token only in an HttpOnly Strict cookie; a real code opens the session', async () => {
      const { secret } = await totpUser(t, clock, 'totp@example.com');
      const step = await passwordStep(t, 'totp@example.com', '/admin/users?q=x');
      assert.equal(step.response.statusCode, 200);
      assert.match(step.response.body, /action="\/account\/sign-in\/code"/);
      assert.match(step.response.body, /autocomplete="one-time-code"/);
      assert.match(step.response.body, /name="return_to" value="\/admin\/users\?q=x"/);
      assert.equal(sessionOf(step.response), undefined, 'no session before the code');
      const mfaCookie = rawCookies(step.response).find((c) => c.startsWith('sesame_console_mfa='))!;
      assert.ok(mfaCookie);
      assert.match(mfaCookie, /HttpOnly/);
      assert.match(mfaCookie, /SameSite=Strict/);
      assert.match(mfaCookie, /Path=\/account\/sign-in/);
      assert.match(mfaCookie, /Max-Age=300/);
      const token = mfaCookie.split(';')[0]!.split('=')[1]!;
      assert.ok(!step.response.body.includes(token), 'the token is not in the page');

      const done = await postCode(t, step.cookies, step.csrf, totpCode(secret, clock.now()), '/admin/users?q=x');
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/admin/users?q=x');
      const session = sessionOf(done);
      assert.ok(session);
      assert.ok(rawCookies(done).some((c) => /^sesame_console_mfa=;/.test(c)), 'the mfa cookie is cleared');
      const account = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session! } });
      assert.equal(account.statusCode, 200);
      assert.match(account.body, /totp@example\.com/);
    });

    test('a wrong code shows the page again with the error in the visitor\'s language; then the right code works', async () => {
      const { secret } = await totpUser(t, clock, 'wrong@example.com');
      const fr = { 'accept-language': 'fr' };
      const step = await passwordStep(t, 'wrong@example.com', undefined, fr);
      const wrong = await postCode(t, step.cookies, step.csrf, '000000', undefined, fr);
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /Ce code n’est pas valide/);
      assert.match(wrong.body, /action="\/account\/sign-in\/code"/);
      assert.equal(sessionOf(wrong), undefined);
      const right = await postCode(t, step.cookies, step.csrf, totpCode(secret, clock.now()));
      assert.equal(right.statusCode, 303);
      assert.equal(right.headers.location, '/account');
      assert.ok(sessionOf(right));
    });

    test('a recovery code opens the session, once', async () => {
      const { recoveryCodes } = await totpUser(t, clock, 'recovery@example.com');
      const step = await passwordStep(t, 'recovery@example.com');
      const done = await postCode(t, step.cookies, step.csrf, recoveryCodes[0]!);
      assert.equal(done.statusCode, 303);
      assert.ok(sessionOf(done));
      const again = await passwordStep(t, 'recovery@example.com');
      const reused = await postCode(t, again.cookies, again.csrf, recoveryCodes[0]!);
      assert.equal(reused.statusCode, 401);
      assert.equal(sessionOf(reused), undefined);
    });

    test('without the cookie, or with a forged form token, there is no session', async () => {
      const { secret } = await totpUser(t, clock, 'nocookie@example.com');
      const step = await passwordStep(t, 'nocookie@example.com');
      const withoutToken = step.cookies.filter((c) => !c.startsWith('sesame_console_mfa='));
      const noCookie = await postCode(t, withoutToken, step.csrf, totpCode(secret, clock.now()));
      assert.equal(noCookie.statusCode, 401);
      assert.match(noCookie.body, /This sign-in has expired/);
      assert.match(noCookie.body, /action="\/account\/sign-in"/);
      const forged = await postCode(t, step.cookies, 'forged', totpCode(secret, clock.now()));
      assert.equal(forged.statusCode, 403);
      const getWithout = await t.app.inject({ method: 'GET', url: '/account/sign-in/code', headers: { cookie: withoutToken.join('; ') } });
      assert.equal(getWithout.statusCode, 303);
      assert.equal(getWithout.headers.location, '/account/sign-in');
      const getWith = await t.app.inject({ method: 'GET', url: '/account/sign-in/code', headers: { cookie: step.cookies.join('; ') } });
      assert.equal(getWith.statusCode, 200);
    });

    test('wrong codes count toward the per-account throttle', async () => {
      await totpUser(t, clock, 'throttle@example.com');
      const step = await passwordStep(t, 'throttle@example.com');
      let last: LightMyRequestResponse | null = null;
      for (let i = 0; i < 12 && last?.statusCode !== 429; i += 1) {
        // a new mfa_token when one dies after its 5 wrong codes
        const current = i % 5 === 4 ? await passwordStep(t, 'throttle@example.com') : step;
        last = current.response.statusCode === 429 ? current.response : await postCode(t, current.cookies, current.csrf, '111111');
      }
      assert.equal(last!.statusCode, 429);
      assert.ok(last!.headers['retry-after']);
    });

    test('a user without TOTP still signs in with the password alone', async () => {
      await signedInUser(t.app, 'plain@example.com');
      const step = await passwordStep(t, 'plain@example.com');
      assert.equal(step.response.statusCode, 303);
      assert.ok(sessionOf(step.response));
    });
  });
}

/** A signed-in console visitor (no TOTP yet): the session cookie and the /account page's form token. */
async function consoleVisitor(t: TestApp, email: string) {
  await signedInUser(t.app, email);
  const step = await passwordStep(t, email);
  const session = sessionOf(step.response)!;
  const account = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session } });
  return { session, csrf: csrfOf(account.body), account };
}

function postForm(t: TestApp, session: string, url: string, payload: Record<string, string>) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: session }, payload });
}

for (const dialect of dialects) {
  describe(`console two-step settings on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { RATE_LIMIT_SIGN_IN: '100' } });

    test('enrolment: password, the QR code as a data: SVG image and the key, a wrong then a right code, the 10 recovery codes once', async () => {
      const { session, csrf, account } = await consoleVisitor(t, 'enrol@example.com');
      assert.match(account.body, /Two-step verification is off/);
      assert.match(String(account.headers['content-security-policy']), /img-src 'self' data:/);
      const wrongPassword = await postForm(t, session, '/account/mfa/totp', { _csrf: csrf, password: 'not it' });
      assert.equal(wrongPassword.statusCode, 400);
      assert.match(wrongPassword.body, /The password is not right/);
      const noCsrf = await postForm(t, session, '/account/mfa/totp', { password: PASSWORD });
      assert.equal(noCsrf.statusCode, 403);

      const begin = await postForm(t, session, '/account/mfa/totp', { _csrf: csrf, password: PASSWORD });
      assert.equal(begin.statusCode, 200);
      assert.match(begin.body, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code/);
      const secret = /name="secret" value="([A-Z2-7]+)"/.exec(begin.body)![1]!;
      assert.ok(begin.body.includes(secret.match(/.{1,4}/g)!.join(' ')), 'the key in text, in groups of 4');
      const svg = Buffer.from(/data:image\/svg\+xml;base64,([^"]+)"/.exec(begin.body)![1]!, 'base64').toString();
      assert.match(svg, /^<svg/);

      const wrong = await postForm(t, session, '/account/mfa/totp/confirm', { _csrf: csrf, secret, code: '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /The code is wrong or was already used/);
      assert.match(wrong.body, /data:image\/svg\+xml;base64,/);
      const confirm = await postForm(t, session, '/account/mfa/totp/confirm', { _csrf: csrf, secret, code: totpCode(secret, clock.now()) });
      assert.equal(confirm.statusCode, 200);
      const codes = [...confirm.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(codes.length, 10);
      const after = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session } });
      assert.match(after.body, /Two-step verification is on. Recovery codes left: 10/);
      assert.ok(!after.body.includes(codes[0]!), 'the codes are shown once');

      // The next console sign-in asks for the code; a recovery code from the page works.
      clock.advance(30);
      const step = await passwordStep(t, 'enrol@example.com');
      assert.match(step.response.body, /action="\/account\/sign-in\/code"/);
      const done = await postCode(t, step.cookies, step.csrf, codes[3]!);
      assert.equal(done.statusCode, 303);
      assert.ok(sessionOf(done));
    });

    test('new recovery codes and turning TOTP off need the password', async () => {
      const { session, csrf } = await consoleVisitor(t, 'manage@example.com');
      const begin = await postForm(t, session, '/account/mfa/totp', { _csrf: csrf, password: PASSWORD });
      const secret = /name="secret" value="([A-Z2-7]+)"/.exec(begin.body)![1]!;
      const first = await postForm(t, session, '/account/mfa/totp/confirm', { _csrf: csrf, secret, code: totpCode(secret, clock.now()) });
      const oldCodes = [...first.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);

      const refusedRenew = await postForm(t, session, '/account/mfa/recovery-codes', { _csrf: csrf, password: 'nope' });
      assert.equal(refusedRenew.statusCode, 400);
      const renew = await postForm(t, session, '/account/mfa/recovery-codes', { _csrf: csrf, password: PASSWORD });
      assert.equal(renew.statusCode, 200);
      const newCodes = [...renew.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(newCodes.length, 10);
      assert.notDeepEqual(newCodes, oldCodes);
      const step = await passwordStep(t, 'manage@example.com');
      assert.equal((await postCode(t, step.cookies, step.csrf, oldCodes[0]!)).statusCode, 401, 'the old codes stopped working');

      const refusedOff = await postForm(t, session, '/account/mfa/totp/disable', { _csrf: csrf, password: 'nope' });
      assert.equal(refusedOff.statusCode, 400);
      const off = await postForm(t, session, '/account/mfa/totp/disable', { _csrf: csrf, password: PASSWORD });
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/account?done=totp-off');
      const page = await t.app.inject({ method: 'GET', url: off.headers.location, headers: { cookie: session } });
      assert.match(page.body, /Two-step verification is off\./);
      const plain = await passwordStep(t, 'manage@example.com');
      assert.equal(plain.response.statusCode, 303, 'the password alone signs in again');
    });
  });
}

/** A console session of an account made by signedInAs (the role given through the store). */
async function consoleAs(t: TestApp, role: 'ADMIN' | 'MODERATOR', email: string) {
  await signedInAs(t, role, email);
  const step = await passwordStep(t, email);
  return sessionOf(step.response)!;
}

for (const dialect of dialects) {
  describe(`console passkeys on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { RATE_LIMIT_SIGN_IN: '100' } });

    const storedPasskey = async (email: string, id: string, name: string) => {
      const user = (await t.store.users.findByEmail(email))!;
      await t.store.mfa.passkeys.insert({
        id, userId: user.id, credentialId: `cred-${id}`, publicKey: 'AQID', counter: 0, transports: [], name, createdAt: clock.now(), lastUsedAt: null,
      });
    };

    test('the passkeys are listed, renamed and removed on /account; another user\'s passkey is not found', async () => {
      const { session, csrf, account } = await consoleVisitor(t, 'keys@example.com');
      assert.match(account.body, /No passkey yet/);
      await storedPasskey('keys@example.com', 'pk1', 'Laptop');
      await signedInUser(t.app, 'other-keys@example.com');
      await storedPasskey('other-keys@example.com', 'pk2', 'Theirs');
      const listed = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: session } });
      assert.match(listed.body, /value="Laptop" aria-label="Rename the passkey Laptop"/);
      assert.doesNotMatch(listed.body, /Theirs/);

      const renamed = await postForm(t, session, '/account/passkeys/pk1/rename', { _csrf: csrf, name: 'Phone' });
      assert.equal(renamed.statusCode, 303);
      assert.equal(renamed.headers.location, '/account?done=passkey-renamed');
      const noCsrf = await postForm(t, session, '/account/passkeys/pk1/remove', {});
      assert.equal(noCsrf.statusCode, 403);
      const theirs = await postForm(t, session, '/account/passkeys/pk2/remove', { _csrf: csrf });
      assert.equal(theirs.statusCode, 404);
      assert.equal((await t.core.mfa.passkeys.list((await t.store.users.findByEmail('other-keys@example.com'))!.id)).length, 1);
      const removed = await postForm(t, session, '/account/passkeys/pk1/remove', { _csrf: csrf });
      assert.equal(removed.statusCode, 303);
      const after = await t.app.inject({ method: 'GET', url: '/account?done=passkey-removed', headers: { cookie: session } });
      assert.match(after.body, /The passkey is removed/);
      assert.match(after.body, /No passkey yet/);
    });
  });

  describe(`console reset of two-step sign-in on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { RATE_LIMIT_SIGN_IN: '100' } });

    test('an admin resets it with the tick box; a moderator sees no button and a forged POST is refused', async () => {
      await totpUser(t, clock, 'lost-phone@example.com');
      const target = (await t.store.users.findByEmail('lost-phone@example.com'))!;
      const admin = await consoleAs(t, 'ADMIN', 'boss@example.com');
      const page = await t.app.inject({ method: 'GET', url: `/admin/users/${target.id}`, headers: { cookie: admin } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`action="/admin/users/${target.id}/mfa/reset"`));
      assert.match(page.body, /Authenticator app: Yes/);
      const csrf = csrfOf(page.body);

      const unticked = await postForm(t, admin, `/admin/users/${target.id}/mfa/reset`, { _csrf: csrf });
      assert.equal(unticked.statusCode, 400);
      assert.match(unticked.body, /Tick the confirmation box first/);
      assert.equal(await t.core.mfa.totp.isOn(target.id), true);

      const moderator = await consoleAs(t, 'MODERATOR', 'mod@example.com');
      const modPage = await t.app.inject({ method: 'GET', url: `/admin/users/${target.id}`, headers: { cookie: moderator } });
      assert.equal(modPage.statusCode, 200);
      assert.doesNotMatch(modPage.body, /mfa\/reset/);
      assert.doesNotMatch(modPage.body, /Reset two-step sign-in/);
      const forged = await postForm(t, moderator, `/admin/users/${target.id}/mfa/reset`, { _csrf: csrfOf(modPage.body), confirm: 'yes' });
      assert.equal(forged.statusCode, 403);
      assert.equal(await t.core.mfa.totp.isOn(target.id), true);

      const reset = await postForm(t, admin, `/admin/users/${target.id}/mfa/reset`, { _csrf: csrf, confirm: 'yes' });
      assert.equal(reset.statusCode, 303);
      assert.equal(reset.headers.location, `/admin/users/${target.id}?done=mfa`);
      const after = await t.app.inject({ method: 'GET', url: reset.headers.location, headers: { cookie: admin } });
      assert.match(after.body, /Two-step sign-in is reset/);
      assert.match(after.body, /Authenticator app: No/);
      assert.equal(await t.core.mfa.totp.isOn(target.id), false);
      const plain = await passwordStep(t, 'lost-phone@example.com');
      assert.equal(plain.response.statusCode, 303, 'the password alone signs in now');
    });
  });
}
