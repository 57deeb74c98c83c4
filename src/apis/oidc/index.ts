// The OpenID Connect provider mounted in the main app: discovery at
// /.well-known/openid-configuration, oidc-provider's endpoints under /oidc, and the
// login/consent step as server-rendered pages. oidc-provider answers its own
// requests on the raw Node objects (a hijacked reply); Fastify has already parsed
// the form body, which oidc-provider then reads from `req.body`.

import cookie from '@fastify/cookie';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { SeedApiOptions } from '../registry.js';
import { decorateBearerAuth } from '../../http/bearer-auth.js';
import { useHtmlHeaders } from '../../http/security-headers.js';
import { nativeErrorHandler } from '../native/errors.js';
import { clientRoutes } from './client-routes.js';
import { VIEWS_DIR } from '../../web/console/index.js';
import { interactionRoutes } from './interactions.js';
import { OIDC_PREFIX, ProviderHolder } from './provider.js';

const DISCOVERY = '/.well-known/openid-configuration';

/** The consent page as the console's: no script, forms to this site only, never framed or cached. */
const CONSENT_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export const oidcProvider: FastifyPluginAsync<SeedApiOptions> = async (app, { core, config, domains }) => {
  const oidc = domains.oidc;
  const holder = new ProviderHolder({ config, core, db: oidc.db, links: oidc.links, cookieKeys: await oidc.cookieKeys() });

  await app.register(cookie);
  await app.register(view, {
    engine: { eta: new Eta({ views: VIEWS_DIR, cache: true }) },
    templates: VIEWS_DIR,
    production: true,
  });

  const handOver = async (request: FastifyRequest, reply: FastifyReply, path: string) => {
    const provider = await holder.current();
    const raw = request.raw as IncomingMessage & { originalUrl?: string; body?: unknown };
    const query = raw.url!.includes('?') ? raw.url!.slice(raw.url!.indexOf('?')) : '';
    // The mount path is what originalUrl has before url: oidc-provider names its endpoints under /oidc.
    raw.originalUrl = `${OIDC_PREFIX}${path}${query}`;
    raw.url = `${path}${query}`;
    if (request.body !== undefined) raw.body = request.body;
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    // oidc-provider's own pages (logout, errors) use the console's stylesheet.
    reply.raw.setHeader('content-security-policy', "default-src 'none'; style-src 'self'; frame-ancestors 'none'");
    provider.callback()(raw, reply.raw);
  };

  app.get(DISCOVERY, { schema: { hide: true } }, (request, reply) => handOver(request, reply, DISCOVERY));
  app.all(`${OIDC_PREFIX}/*`, { schema: { hide: true } }, (request, reply) =>
    handOver(request, reply, `/${(request.params as { '*': string })['*'].split('?')[0]}`),
  );

  // The admin and account routes are native API routes: its bearer auth and problem+json errors.
  await app.register(async (native) => {
    decorateBearerAuth(native);
    native.setErrorHandler(nativeErrorHandler);
    await native.register(clientRoutes, { core, oidc });
  });

  await app.register(async (pages) => {
    useHtmlHeaders(pages);
    pages.addHook('onRequest', (_request, reply, done) => {
      reply.headers(CONSENT_PAGE_HEADERS);
      done();
    });
    interactionRoutes(pages, { core, oidc, holder, product: config.mail.productName });
  });
};
