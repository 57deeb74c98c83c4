// Hosted pages under /account/: verify email, reset password, accept invitation,
// confirm an email change. Server-rendered, usable without JavaScript, in the
// visitor's language, behind a strict CSP; the links' tokens never leave in a
// Referer and the pages are never cached. One encapsulated plugin with its own
// HTML error pages.

import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { isCoreError } from '../core/errors.js';
import { useHtmlHeaders } from '../http/security-headers.js';
import { STYLESHEET, say, sendPage, wordsFor } from './layout.js';
import { confirmEmailPage } from './pages/confirm-email.js';
import { passwordPages } from './pages/password-pages.js';
import { verifyEmailPage } from './pages/verify-email.js';
import { consolePages, type ConsoleOptions } from './console/index.js';
import { PAGE_CSP } from './csp.js';

/** Over the HTML set: the links' tokens never leave in a Referer, pages are never cached. */
const PAGE_HEADERS = {
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export const webPages: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  const { core, config } = options;
  const product = config.mail.productName;

  useHtmlHeaders(app);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(PAGE_HEADERS);
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { locale, words } = wordsFor(request);
    const page = (status: number, message: string) =>
      sendPage(reply, status, { locale, product, title: words.errorTitle, body: `<p class="error" role="alert">${message}</p>` });
    if (isCoreError(error, 'token_expired')) return page(400, say(words.linkExpired));
    if (isCoreError(error, 'token_invalid') || isCoreError(error, 'validation_failed')) return page(400, say(words.linkInvalid));
    if (isCoreError(error, 'email_taken')) return page(409, say(words.emailTaken));
    if (isCoreError(error, 'too_many_attempts')) return page(429, say(words.tooMany));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return page(400, say(words.linkInvalid));
    request.log.error({ err: error }, 'hosted page: unexpected error');
    return page(500, say(words.failure, { id: request.id }));
  });

  app.get('/account/style.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(STYLESHEET),
  );
  verifyEmailPage(app, core, product);
  confirmEmailPage(app, core, product);
  passwordPages(app, core, { product, minLength: config.password.minLength });
  await app.register(consolePages, { core, store: options.store, config, consents: options.consents });
};
