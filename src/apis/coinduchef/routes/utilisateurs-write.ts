// POST /utilisateurs (admins), PUT and PATCH /utilisateurs/{id} (an admin, or the
// user themselves without changing their role), DELETE /utilisateurs/{id} (admins;
// soft, every session of the account ends). PATCH is the documented
// "PATH /utilisateurs/{id}?q=XXX": a partial update; `q` is accepted and unused.
// The kernel's rules hold here: one's own mot_de_passe changes only with
// mot_de_passe_actuel, one's own courriel only once the new address confirms it
// (the answer keeps the current address until then).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccountPatch } from '../../../core/user-administration.js';
import { spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import type { ApiOptions } from '../../registry.js';
import { bothSlashes, requireUser, signedIn } from '../auth.js';
import { ErrorResponses, NotFoundSchema } from '../schemas.js';
import { RoleSchema, UserSchema, roleFromWire, userToWire, type WireRole } from '../wire.js';
import { coinduchefIds } from '../ids.js';
import { RegisterBody } from './register.js';
import { IdParams } from './utilisateurs-read.js';
import { pageLink } from '../../../web/links.js';
import { COINDUCHEF_NARROWING } from '../narrowing.js';

const fields = {
  prenom: Type.String({ minLength: 1, maxLength: 200 }),
  nom: Type.String({ minLength: 1, maxLength: 200 }),
  courriel: Type.String({ minLength: 1, maxLength: 254 }),
  mot_de_passe: Type.String({ minLength: 1, maxLength: 1024 }),
  mot_de_passe_actuel: Type.String({ minLength: 1, maxLength: 1024 }),
  role: RoleSchema,
};

const PutBody = Type.Object({
  prenom: fields.prenom,
  nom: fields.nom,
  courriel: fields.courriel,
  mot_de_passe: Type.Optional(fields.mot_de_passe),
  mot_de_passe_actuel: Type.Optional(fields.mot_de_passe_actuel),
  role: Type.Optional(fields.role),
});
const PatchBody = Type.Partial(Type.Object(fields));
const PatchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 1024 })) });

interface WirePatch {
  prenom?: string;
  nom?: string;
  courriel?: string;
  mot_de_passe?: string;
  mot_de_passe_actuel?: string;
  role?: WireRole;
}

function patchFromWire(body: WirePatch): AccountPatch {
  return {
    ...(body.prenom !== undefined ? { firstName: body.prenom } : {}),
    ...(body.nom !== undefined ? { lastName: body.nom } : {}),
    ...(body.courriel !== undefined ? { email: body.courriel } : {}),
    ...(body.mot_de_passe !== undefined ? { password: body.mot_de_passe } : {}),
    ...(body.role !== undefined ? { role: roleFromWire(body.role) } : {}),
  };
}

const security = [{ bearer: [] }];
const tags = ['coinduchef'];

export const utilisateursWriteRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, store, config }) => {
  const confirmEmail = pageLink(config.publicUrl, 'confirmEmail');
  // Before body validation, as FastAPI's security dependency: a stranger learns nothing of the schema.
  app.addHook('preValidation', requireUser(core));

  for (const url of bothSlashes('/utilisateurs')) {
    app.post(
      url,
      {
        schema: {
          tags,
          summary: 'Créer un utilisateur (ADMIN), de tout rôle',
          hide: url.endsWith('/'),
          security,
          body: RegisterBody,
          response: { 201: UserSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const user = await core.users.create(
          signedIn(request).user,
          {
            email: body.courriel,
            password: body.mot_de_passe,
            firstName: body.prenom,
            lastName: body.nom,
            role: roleFromWire(body.role ?? 'UTILISATEUR'),
            locale: negotiateLocale(request.headers['accept-language'], 'fr'),
          },
          requestContext(request, 'coinduchef'),
        );
        return reply.code(201).send(userToWire(await coinduchefIds(core).show(user)));
      },
    );
  }

  for (const url of bothSlashes('/utilisateurs/:id')) {
    const hide = url.endsWith('/');
    const update = async (body: WirePatch, request: Parameters<typeof signedIn>[0], shownId: number) => {
      const { user, session } = signedIn(request);
      // A new courriel mails an address other than the account's own: the caller's budget as well as the IP's.
      if (body.courriel !== undefined) await spendBudgets(request, { config, store }, 'mail', user.id);
      const ids = coinduchefIds(core);
      const updated = await core.users.update(user, await ids.resolve(shownId), patchFromWire(body), requestContext(request, 'coinduchef'), {
        currentPassword: body.mot_de_passe_actuel,
        currentSessionId: session.id,
        emailConfirmation: { link: confirmEmail, locale: negotiateLocale(request.headers['accept-language'], 'fr') },
        narrowing: COINDUCHEF_NARROWING,
      });
      return ids.show(updated);
    };

    app.put(
      url,
      {
        config: { coinduchefChecksCurrentPassword: true },
        schema: {
          tags,
          summary: 'Modifier un utilisateur (prenom, nom, courriel; mot_de_passe et role facultatifs)',
          hide,
          security,
          params: IdParams,
          body: PutBody,
          response: { 200: UserSchema, 404: NotFoundSchema, ...ErrorResponses },
        },
      },
      async (request) => userToWire(await update(request.body, request, request.params.id)),
    );

    app.patch(
      url,
      {
        config: { coinduchefChecksCurrentPassword: true },
        schema: {
          tags,
          summary: 'Modifier une partie des champs d’un utilisateur',
          hide,
          security,
          params: IdParams,
          querystring: PatchQuery,
          body: PatchBody,
          response: { 200: UserSchema, 404: NotFoundSchema, ...ErrorResponses },
        },
      },
      async (request) => userToWire(await update(request.body, request, request.params.id)),
    );

    app.delete(
      url,
      {
        schema: {
          tags,
          summary: 'Supprimer un utilisateur (ADMIN)',
          hide,
          security,
          params: IdParams,
          response: { 204: Type.Null(), 404: NotFoundSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const id = await coinduchefIds(core).resolve(request.params.id);
        await core.users.delete(signedIn(request).user, id, requestContext(request, 'coinduchef'), {
          narrowing: COINDUCHEF_NARROWING,
        });
        return reply.code(204).send(null);
      },
    );
  }
};
