// The provider's login and consent step, at /oidc/interaction/:uid. Login is the
// console's hosted sign-in (its second step included): without a console session
// the visitor goes there and comes back. Consent is skipped for first-party clients
// and for scopes the user already granted this client; otherwise a page asks.
// Granting opens a Sésame session (api "oidc") that the grant lives and dies with.
// The pages speak the language the relying party asked for (ui_locales), else the
// console's choice (the user's preference, then Accept-Language).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import type { Core } from '../../core/index.js';
import { LOCALES, type Locale, type User } from '../../core/model.js';
import { requestContext } from '../../http/request-context.js';
import { pageLocale } from '../../web/layout.js';
import { consoleSession, csrfMatches, type ConsoleVisit } from '../../web/console/console-session.js';
import { renderPage } from '../../web/console/render.js';
import { KNOWN_SCOPES, scopePhrases } from '../../web/console/scope-words.js';
import { consoleWords, fill } from '../../web/console/words.js';
import type { OidcDomain } from './domain.js';
import type { OidcClient } from './model.js';
import { OIDC_PREFIX, type ProviderHolder } from './provider.js';

export const OIDC_API = 'oidc';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The first of the authorization request's ui_locales (space-separated BCP 47 tags) that Sésame speaks. */
function uiLocale(interaction: InteractionDetails): Locale | undefined {
  const asked = interaction.params.ui_locales;
  if (typeof asked !== 'string') return undefined;
  for (const tag of asked.split(' ')) {
    const language = tag.toLowerCase().split('-')[0] ?? '';
    if ((LOCALES as readonly string[]).includes(language)) return language as Locale;
  }
  return undefined;
}

export function interactionRoutes(app: FastifyInstance, options: { core: Core; oidc: OidcDomain; holder: ProviderHolder; product: string }) {
  const { core, oidc, holder, product } = options;

  async function details(request: FastifyRequest, reply: FastifyReply): Promise<{ provider: Provider; interaction: InteractionDetails }> {
    const provider = await holder.current();
    return { provider, interaction: await provider.interactionDetails(request.raw, reply.raw) };
  }

  /**
   * Back to the provider, which then redirects to the client. Not with a redirect:
   * after the sign-in or consent form, the browser would check that whole chain of
   * redirects against the page's CSP form-action 'self' and block the client's
   * origin. A page that moves on by itself starts a new navigation instead.
   */
  const finish = async (provider: Provider, request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>, locale: Locale) => {
    const to = escapeHtml(await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false }));
    return reply.type('text/html; charset=utf-8').send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${to}">` +
        `<title>${escapeHtml(product)}</title></head><body><p><a href="${to}">${escapeHtml(consoleWords[locale].consentContinue)}</a></p></body></html>`,
    );
  };

  /** The interaction's language: ui_locales, else the console's choice for this visitor. */
  const localeOf = (request: FastifyRequest, interaction: InteractionDetails, user: User): Locale =>
    uiLocale(interaction) ?? pageLocale(request, user);

  /** Scopes asked for that the provider knows. */
  const requestedScopes = (interaction: InteractionDetails): string[] =>
    String(interaction.params.scope ?? '').split(' ').filter((scope) => KNOWN_SCOPES.includes(scope));

  async function grant(provider: Provider, request: FastifyRequest, res: FastifyReply, user: User, client: OidcClient, interaction: InteractionDetails) {
    const scopes = requestedScopes(interaction);
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const target = existing ?? new provider.Grant({ accountId: String(user.id), clientId: client.clientId });
    target.addOIDCScope(scopes.join(' '));
    const missingClaims = interaction.prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingClaims?.length) target.addOIDCClaims(missingClaims);
    const grantId = await target.save();
    if (!existing || !(await oidc.grants.sessionOf(grantId))) {
      const { session } = await core.sessions.start(user, requestContext(request, OIDC_API), {
        remember: true,
        client: client.name,
        // The grant's refresh tokens, not browsing, keep it alive: no idle cut shorter than its lifetime.
        idleTimeoutSeconds: core.deps.settings.sessions.absoluteLifetimeSeconds,
      });
      await oidc.grants.link(grantId, session.id, client.clientId);
    }
    return finish(provider, request, res, { consent: { grantId } }, localeOf(request, interaction, user));
  }

  async function signedIn(request: FastifyRequest, res: FastifyReply, uid: string): Promise<ConsoleVisit | null> {
    const visit = await consoleSession(core, request);
    if (!visit) {
      res.redirect(`/account/sign-in?return_to=${encodeURIComponent(`${OIDC_PREFIX}/interaction/${uid}`)}`, 303);
      return null;
    }
    return visit;
  }

  app.get<{ Params: { uid: string } }>(`${OIDC_PREFIX}/interaction/:uid`, { schema: { hide: true } }, async (request, res) => {
    const { provider, interaction } = await details(request, res);
    const visit = await signedIn(request, res, interaction.uid);
    if (!visit) return res;
    const accountId = String(visit.user.id);
    const locale = localeOf(request, interaction, visit.user);
    if (interaction.prompt.name === 'login' || interaction.session?.accountId !== accountId) {
      return finish(provider, request, res, { login: { accountId, amr: ['pwd'] } }, locale);
    }
    const client = await oidc.clients.find(String(interaction.params.client_id));
    if (!client) return finish(provider, request, res, { error: 'invalid_client' }, locale);
    const granted = new Set(await oidc.grants.consent(visit.user.id, client.clientId));
    const scopes = requestedScopes(interaction);
    if (client.firstParty || scopes.every((scope) => granted.has(scope))) return grant(provider, request, res, visit.user, client, interaction);
    return renderPage(request, res, 'oidc-consent', { product, viewer: visit.user, csrfSecret: visit.token, locale },
      (w) => fill(w.consentTitle, { name: client.name }), {
        uid: interaction.uid,
        clientName: client.name,
        scopes: scopePhrases(scopes, consoleWords[locale]),
        action: `${OIDC_PREFIX}/interaction/${interaction.uid}/consent`,
      });
  });

  app.post<{ Params: { uid: string }; Body: Record<string, string | undefined> }>(
    `${OIDC_PREFIX}/interaction/:uid/consent`,
    { schema: { hide: true } },
    async (request, res) => {
      const { provider, interaction } = await details(request, res);
      const visit = await signedIn(request, res, interaction.uid);
      if (!visit) return res;
      const locale = localeOf(request, interaction, visit.user);
      if (!csrfMatches(visit.token, request.body?._csrf) || interaction.session?.accountId !== String(visit.user.id)) {
        return res.code(403).type('text/plain').send('Forbidden');
      }
      if (request.body?.decision !== 'allow') {
        return finish(provider, request, res, { error: 'access_denied', error_description: 'the user declined' }, locale);
      }
      const client = await oidc.clients.find(String(interaction.params.client_id));
      if (!client) return finish(provider, request, res, { error: 'invalid_client' }, locale);
      const scopes = requestedScopes(interaction);
      const before = await oidc.grants.consent(visit.user.id, client.clientId);
      await oidc.grants.saveConsent(visit.user.id, client.clientId, [...new Set([...before, ...scopes])], core.deps.clock.now());
      return grant(provider, request, res, visit.user, client, interaction);
    },
  );
}
