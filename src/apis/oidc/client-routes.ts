// The native API's routes of the OpenID Connect provider: relying parties
// (POST/GET/PATCH/DELETE /v1/clients, POST /v1/clients/{id}/secret; admin) and the
// signed-in user's consents (GET /v1/me/consents, DELETE /v1/me/consents/{client_id}).
// The secret is in the answer of creation and rotation only.

import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { Core } from '../../core/index.js';
import { requireUser, signedIn } from '../native/auth.js';
import { security } from '../native/wire-admin.js';
import { problems } from '../native/wire.js';
import type { OidcDomain } from './domain.js';
import type { OidcClient } from './model.js';

const Uri = Type.String({ minLength: 1, maxLength: 2000 });
const Alg = Type.Union([Type.Literal('RS256'), Type.Literal('ES256'), Type.Literal('EdDSA')]);

const ClientSchema = Type.Object({
  client_id: Type.String(),
  name: Type.String(),
  redirect_uris: Type.Array(Type.String()),
  post_logout_redirect_uris: Type.Array(Type.String()),
  public: Type.Boolean(),
  first_party: Type.Boolean(),
  id_token_signed_response_alg: Alg,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    redirect_uris: Type.Array(Uri, { minItems: 1, maxItems: 20 }),
    post_logout_redirect_uris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    public: Type.Optional(Type.Boolean()),
    first_party: Type.Optional(Type.Boolean()),
    id_token_signed_response_alg: Type.Optional(Alg),
  },
  { additionalProperties: false },
);

const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    redirect_uris: Type.Optional(Type.Array(Uri, { minItems: 1, maxItems: 20 })),
    post_logout_redirect_uris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    first_party: Type.Optional(Type.Boolean()),
    id_token_signed_response_alg: Type.Optional(Alg),
  },
  { additionalProperties: false },
);

const Created = Type.Object({ ...ClientSchema.properties, client_secret: Type.Optional(Type.String()) });
const ClientParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const ConsentSchema = Type.Object({
  client_id: Type.String(),
  client_name: Type.String(),
  scopes: Type.Array(Type.String()),
  granted_at: Type.String({ format: 'date-time' }),
});

function clientToWire(client: OidcClient): Static<typeof ClientSchema> {
  return {
    client_id: client.clientId,
    name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    public: client.public,
    first_party: client.firstParty,
    id_token_signed_response_alg: client.idTokenAlg,
    created_at: client.createdAt.toISOString(),
    updated_at: client.updatedAt.toISOString(),
  };
}

export const clientRoutes: FastifyPluginAsyncTypebox<{ core: Core; oidc: OidcDomain }> = async (app, { core, oidc }) => {
  const parties = oidc.relyingParties;
  app.addHook('preHandler', requireUser(core));
  const tags = ['openid-connect'];

  app.post('/v1/clients', {
    schema: { tags, summary: 'Register an OpenID Connect client (admin); a confidential one gets its secret here, once', security,
      body: CreateBody, response: { 201: Created, ...problems(400, 401, 403) } },
  }, async (request, reply) => {
    const body = request.body;
    const { client, secret } = await parties.create(signedIn(request).user, {
      name: body.name,
      redirectUris: body.redirect_uris,
      postLogoutRedirectUris: body.post_logout_redirect_uris ?? [],
      public: body.public ?? false,
      firstParty: body.first_party ?? false,
      idTokenAlg: body.id_token_signed_response_alg ?? 'RS256',
    });
    return reply.code(201).send({ ...clientToWire(client), ...(secret ? { client_secret: secret } : {}) });
  });

  app.get('/v1/clients', {
    schema: { tags, summary: 'The registered OpenID Connect clients (admin)', security,
      response: { 200: Type.Object({ items: Type.Array(ClientSchema) }), ...problems(401, 403) } },
  }, async (request) => ({ items: (await parties.list(signedIn(request).user)).map(clientToWire) }));

  app.get('/v1/clients/:id', {
    schema: { tags, summary: 'One OpenID Connect client (admin)', security, params: ClientParams,
      response: { 200: ClientSchema, ...problems(401, 403, 404) } },
  }, async (request) => clientToWire(await parties.get(signedIn(request).user, request.params.id)));

  app.patch('/v1/clients/:id', {
    schema: { tags, summary: 'Change an OpenID Connect client (admin)', security, params: ClientParams, body: PatchBody,
      response: { 200: ClientSchema, ...problems(400, 401, 403, 404) } },
  }, async (request) => {
    const body = request.body;
    return clientToWire(await parties.update(signedIn(request).user, request.params.id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.redirect_uris !== undefined ? { redirectUris: body.redirect_uris } : {}),
      ...(body.post_logout_redirect_uris !== undefined ? { postLogoutRedirectUris: body.post_logout_redirect_uris } : {}),
      ...(body.first_party !== undefined ? { firstParty: body.first_party } : {}),
      ...(body.id_token_signed_response_alg !== undefined ? { idTokenAlg: body.id_token_signed_response_alg } : {}),
    }));
  });

  app.delete('/v1/clients/:id', {
    schema: { tags, summary: 'Delete an OpenID Connect client (admin)', security, params: ClientParams,
      response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await parties.delete(signedIn(request).user, request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/v1/clients/:id/secret', {
    schema: { tags, summary: "Rotate a confidential client's secret (admin); the new one is shown once", security,
      params: ClientParams, response: { 200: Type.Object({ client_id: Type.String(), client_secret: Type.String() }), ...problems(400, 401, 403, 404) } },
  }, async (request) => ({
    client_id: request.params.id,
    client_secret: await parties.rotateSecret(signedIn(request).user, request.params.id),
  }));

  app.get('/v1/me/consents', {
    schema: { tags, summary: 'The OpenID Connect clients the signed-in user has allowed, and what', security,
      response: { 200: Type.Array(ConsentSchema), ...problems(401) } },
  }, async (request) =>
    (await parties.consents(signedIn(request).user)).map((consent) => ({
      client_id: consent.clientId,
      client_name: consent.clientName,
      scopes: consent.scopes,
      granted_at: consent.grantedAt.toISOString(),
    })));

  app.delete('/v1/me/consents/:client_id', {
    schema: { tags, summary: "Withdraw a consent: the client's sessions and tokens end", security,
      params: Type.Object({ client_id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 204: Type.Null(), ...problems(401, 404) } },
  }, async (request, reply) => {
    await parties.revokeConsent(signedIn(request).user, request.params.client_id);
    return reply.code(204).send(null);
  });
};
