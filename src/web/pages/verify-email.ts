// GET /account/verify-email?token=…: the mailed link itself; verifies and says so.

import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/index.js';
import { say, sendPage, wordsFor } from '../layout.js';

export function verifyEmailPage(app: FastifyInstance, core: Core, product: string): void {
  app.get('/account/verify-email', { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const user = await core.verification.confirm(typeof token === 'string' ? token : '', {
      api: 'web',
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    });
    const { locale, words } = wordsFor(request, user);
    return sendPage(reply, 200, {
      locale,
      product,
      title: words.verifyTitle,
      body: `<p class="success" role="status">${say(words.verified, { email: user.email })}</p>`,
    });
  });
}
