// /account/confirm-email?token=…: confirms an email change. GET shows a button
// (a mail scanner that prefetches links must not change an account); POST confirms.

import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/index.js';
import { escapeHtml, say, sendPage, wordsFor } from '../layout.js';

export function confirmEmailPage(app: FastifyInstance, core: Core, product: string): void {
  app.get('/account/confirm-email', { schema: { hide: true } }, async (request, reply) => {
    const { locale, words } = wordsFor(request);
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const { newEmail } = await core.emailChange.check(token);
    return sendPage(reply, 200, {
      locale,
      product,
      title: words.confirmEmailTitle,
      body: `<p>${say(words.confirmEmailIntro, { email: newEmail })}</p>
<form method="post" action="/account/confirm-email">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="lang" value="${locale}">
<button type="submit">${escapeHtml(words.submitConfirmEmail)}</button>
</form>`,
    });
  });

  app.post('/account/confirm-email', { schema: { hide: true } }, async (request, reply) => {
    const { locale, words } = wordsFor(request);
    const token = String((request.body as Record<string, unknown> | undefined)?.token ?? '');
    const user = await core.emailChange.confirm(token, {
      api: 'web',
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    });
    return sendPage(reply, 200, {
      locale,
      product,
      title: words.confirmEmailTitle,
      body: `<p class="success" role="status">${say(words.emailChanged, { email: user.email })}</p>`,
    });
  });
}
