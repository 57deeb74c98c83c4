// GET /users/me/: the user of the token; a missing or bad token is the documented
// 400 {"detail": "Token invalide ou vide."}.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiOptions } from '../../registry.js';
import { bothSlashes, requireUser, signedIn } from '../auth.js';
import { ErrorSchema } from '../schemas.js';
import { UserSchema, userToWire } from '../wire.js';
import { coinduchefIds } from '../ids.js';

export const meRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core }) => {
  for (const url of bothSlashes('/users/me/')) {
    app.get(
      url,
      {
        config: { coinduchefTokenStatus: 400 },
        preValidation: requireUser(core),
        schema: {
          tags: ['coinduchef'],
          summary: "Obtenir l'utilisateur courant",
          hide: url !== '/users/me/',
          security: [{ bearer: [] }],
          response: { 200: UserSchema, 400: ErrorSchema, 429: ErrorSchema },
        },
      },
      async (request) => userToWire(await coinduchefIds(core).show(signedIn(request).user)),
    );
  }
};
