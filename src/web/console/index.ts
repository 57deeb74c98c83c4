// The web console: hosted sign-in, the account page of every user, and the
// administration (/admin). Server-rendered with @fastify/view and Eta templates
// (src/web/views), under the hosted pages' CSP (no script; the passkey pages run
// one script of our own: src/web/csp.ts), every form
// usable without JavaScript and bound to its session by a CSRF token. It runs
// inside the hosted pages' plugin (their headers), with its own error page.

import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import view from '@fastify/view';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Eta } from 'eta';
import type { ApiOptions } from '../../apis/registry.js';
import { accountLinks } from '../links.js';
import { pageLocale } from '../layout.js';
import { accountPages } from './account-pages.js';
import { adminTrailPages } from './admin-trail-pages.js';
import { adminUserPages } from './admin-user-pages.js';
import { adminWebhookPages } from './admin-webhook-pages.js';
import { CsrfRefused, type ConsoleContext } from './context.js';
import { consoleSession, preSessionSecret } from './console-session.js';
import { classifyFailure } from '../../http/failures.js';
import { showFailure, type ShownFailure } from './failures.js';
import type { ConsoleWords } from './words.js';
import { renderPage, wordsOf } from './render.js';
import { signInPages } from './sign-in-pages.js';
import { passkeyCeremonies } from './passkey-ceremonies.js';
import { servePasskeyScript } from './passkey-script.js';
import { CONSOLE_STYLESHEET } from './stylesheet.js';
import { isCoreError } from '../../core/errors.js';

/** A request refused before any page ran (bad JSON, wrong media type, too large): a 4xx page, never a 500. */
function malformed(error: FastifyError, request: FastifyRequest, reply: FastifyReply, w: ConsoleWords): ShownFailure | null {
  const failure = classifyFailure(error, request, reply);
  const status = failure.kind === 'payload_too_large' ? 413
    : failure.kind === 'unsupported_media_type' ? 415
    : failure.kind === 'bad_request' ? failure.status
    : null;
  return status === null ? null : { status, message: w.badRequest, fieldErrors: [] };
}

/** The console also lists and withdraws the user's OpenID Connect consents. */
export type ConsoleOptions = ApiOptions & Pick<ConsoleContext, 'consents'>;

/** Templates next to the compiled code (the build copies them), else in src/ (tsx). */
export const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));

export const consolePages: FastifyPluginAsync<ConsoleOptions> = async (app, { core, config, store, consents }) => {
  await app.register(cookie);
  await app.register(view, {
    engine: { eta: new Eta({ views: VIEWS_DIR, cache: true }) },
    templates: VIEWS_DIR,
    production: true,
  });
  const ctx: ConsoleContext = { core, config, store, product: config.mail.productName, links: accountLinks(config.publicUrl), consents };

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const visit = await consoleSession(core, request).catch(() => null);
    if (isCoreError(error, 'session_expired')) return reply.redirect('/account/sign-in?done=ended', 303);
    const viewer = visit?.user ?? null;
    const w = wordsOf(request, viewer);
    const shown = error instanceof CsrfRefused
      ? { status: 403, message: w.csrf, fieldErrors: [] }
      : (showFailure(error, w, pageLocale(request, viewer), config.password.minLength) ?? malformed(error, request, reply, w));
    if (!shown) request.log.error({ err: error }, 'console: unexpected error');
    const status = shown?.status ?? 500;
    if (shown?.retryAfterSeconds) reply.header('retry-after', String(shown.retryAfterSeconds));
    const csrfSecret = visit?.token ?? preSessionSecret(request, reply);
    const link = viewer ? { href: '/account', text: w.navAccount } : { href: '/account/sign-in', text: w.signInTitle };
    return renderPage(request, reply.code(status), 'message', { product: ctx.product, viewer, csrfSecret },
      (words) => words.errorTitle, { link }, {
        error: shown?.message ?? w.failure.replace('{id}', request.id),
        fieldErrors: shown?.fieldErrors ?? [],
      });
  });

  app.get('/account/console.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CONSOLE_STYLESHEET),
  );
  servePasskeyScript(app);
  await app.register(signInPages, ctx);
  await app.register(passkeyCeremonies, ctx);
  await app.register(accountPages, ctx);
  await app.register(adminUserPages, ctx);
  await app.register(adminTrailPages, ctx);
  await app.register(adminWebhookPages, ctx);
};
