// GET /utilisateurs (admins), GET /utilisateurs/{id} and
// GET /utilisateurs/courriel/{courriel} (an admin, or the user themselves). The
// 404 bodies are the documented {"message": "l'id 999"} and
// {"message": "le courriel inexistant@example.com"}.

import { COINDUCHEF_NARROWING } from '../narrowing.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiOptions } from '../../registry.js';
import { bothSlashes, requireUser, signedIn } from '../auth.js';
import { ErrorResponses, NotFoundSchema } from '../schemas.js';
import { UserSchema, WIRE_ROLES, roleFromWire, userToWire } from '../wire.js';
import { coinduchefIds } from '../ids.js';

/** Any integer, as FastAPI takes it (an unknown one is a 404), within what the databases hold. */
export const IdInteger = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: IdInteger });
const CourrielParams = Type.Object({ courriel: Type.String({ minLength: 1, maxLength: 320 }) });
const ListQuery = Type.Object({ role: Type.Optional(Type.Enum(['ALL', ...WIRE_ROLES])) });

const security = [{ bearer: [] }];
const tags = ['coinduchef'];

export const utilisateursReadRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core }) => {
  // Before body validation, as FastAPI's security dependency: a stranger learns nothing of the schema.
  app.addHook('preValidation', requireUser(core));

  for (const url of bothSlashes('/utilisateurs')) {
    app.get(
      url,
      {
        schema: {
          tags,
          summary: 'Obtenir tous les utilisateurs (ADMIN)',
          hide: url.endsWith('/'),
          security,
          querystring: ListQuery,
          response: { 200: Type.Array(UserSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const role = request.query.role;
        const users = await core.users.listAll(
          signedIn(request).user,
          role === undefined || role === 'ALL' ? undefined : roleFromWire(role),
          COINDUCHEF_NARROWING,
        );
        return (await coinduchefIds(core).showAll(users)).map(userToWire);
      },
    );
  }

  for (const url of bothSlashes('/utilisateurs/:id')) {
    app.get(
      url,
      {
        schema: {
          tags,
          summary: 'Obtenir un utilisateur par ID',
          hide: url.endsWith('/'),
          security,
          params: IdParams,
          response: { 200: UserSchema, 404: NotFoundSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const ids = coinduchefIds(core);
        const user = await core.users.get(signedIn(request).user, await ids.resolve(request.params.id), COINDUCHEF_NARROWING);
        return userToWire(await ids.show(user));
      },
    );
  }

  for (const url of bothSlashes('/utilisateurs/courriel/:courriel')) {
    app.get(
      url,
      {
        schema: {
          tags,
          summary: 'Obtenir un utilisateur par courriel',
          hide: url.endsWith('/'),
          security,
          params: CourrielParams,
          response: { 200: UserSchema, 404: NotFoundSchema, ...ErrorResponses },
        },
      },
      async (request) =>
        userToWire(await coinduchefIds(core).show(await core.users.getByEmail(signedIn(request).user, request.params.courriel, COINDUCHEF_NARROWING))),
    );
  }
};
