// /account/reset-password and /account/accept-invitation: a form that posts the
// new password. A password the policy refuses shows why, in the page's language,
// and leaves the link usable; success ends every session of the account.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCoreError, type PolicyRule } from '../../core/errors.js';
import type { Core } from '../../core/index.js';
import type { Locale, User } from '../../core/model.js';
import type { PageWords } from '../messages.js';
import { escapeHtml, say, sendPage, wordsFor } from '../layout.js';

interface PasswordPage {
  path: string;
  title: (words: PageWords) => string;
  intro: (words: PageWords) => string;
  submit: (words: PageWords) => string;
  check: (token: string) => Promise<User>;
  set: (token: string, password: string, request: FastifyRequest) => Promise<User>;
}

interface PageSettings {
  product: string;
  minLength: number;
}

function form(page: PasswordPage, words: PageWords, locale: Locale, token: string, user: User, errors: string[], settings: PageSettings) {
  const errorBlock = errors.length
    ? `<div class="error" role="alert" id="password-errors"><ul>${errors.map((e) => `<li>${e}</li>`).join('')}</ul></div>`
    : '';
  const described = errors.length ? 'password-hint password-errors' : 'password-hint';
  return `<p>${say(page.intro(words), { email: user.email })}</p>
${errorBlock}
<form method="post" action="${page.path}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="lang" value="${locale}">
<label for="password">${escapeHtml(words.newPassword)}</label>
<input type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="${described}"${errors.length ? ' aria-invalid="true"' : ''}>
<p class="hint" id="password-hint">${say(words.passwordHint, { min: settings.minLength })}</p>
<label for="password_confirm">${escapeHtml(words.confirmPassword)}</label>
<input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required>
<button type="submit">${escapeHtml(page.submit(words))}</button>
</form>`;
}

function register(app: FastifyInstance, page: PasswordPage, settings: PageSettings): void {
  app.get(page.path, { schema: { hide: true } }, async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const user = await page.check(token);
    const { locale, words } = wordsFor(request, user);
    return sendPage(reply, 200, {
      locale,
      product: settings.product,
      title: page.title(words),
      body: form(page, words, locale, token, user, [], settings),
    });
  });

  app.post(page.path, { schema: { hide: true } }, async (request, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = String(body.token ?? '');
    const password = typeof body.password === 'string' ? body.password : '';
    const user = await page.check(token);
    const { locale, words } = wordsFor(request, user);
    const again = (status: number, errors: string[]) =>
      sendPage(reply, status, {
        locale,
        product: settings.product,
        title: page.title(words),
        body: form(page, words, locale, token, user, errors, settings),
      });
    if (password !== body.password_confirm) return again(400, [escapeHtml(words.mismatch)]);
    try {
      await page.set(token, password, request);
    } catch (error) {
      if (!isCoreError(error, 'policy_violation')) throw error;
      const rules: PolicyRule[] = error.details.rules ?? [];
      return again(422, rules.map((rule) => say(words.rules[rule], { min: settings.minLength })));
    }
    return sendPage(reply, 200, {
      locale,
      product: settings.product,
      title: page.title(words),
      body: `<p class="success" role="status">${escapeHtml(words.passwordSet)}</p>`,
    });
  });
}

const webContext = (request: FastifyRequest) => ({
  api: 'web',
  ip: request.ip,
  userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
});

export function passwordPages(app: FastifyInstance, core: Core, settings: PageSettings): void {
  register(app, {
    path: '/account/reset-password',
    title: (w) => w.resetTitle,
    intro: (w) => w.resetIntro,
    submit: (w) => w.submitReset,
    check: (token) => core.passwordReset.check(token),
    set: (token, password, request) => core.passwordReset.reset(token, password, { context: webContext(request) }),
  }, settings);
  register(app, {
    path: '/account/accept-invitation',
    title: (w) => w.inviteTitle,
    intro: (w) => w.inviteIntro,
    submit: (w) => w.submitInvite,
    check: (token) => core.invitations.check(token),
    set: (token, password, request) => core.invitations.accept(token, password, { context: webContext(request) }),
  }, settings);
}
