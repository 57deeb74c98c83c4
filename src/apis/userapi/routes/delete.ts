// POST /delete?id=: soft delete of oneself, or by an admin of a lower-level account.
// The account's sessions end at once; an unknown or already deleted id answers the
// document's {"success": false, "message": "User not in database"}.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { authenticate } from '../auth.js';
import { USERAPI_NARROWING } from '../narrowing.js';
import { collectParams, requireId } from '../params.js';
import { failures, ok, Result } from '../wire.js';
import { userapiIds } from '../ids.js';

export const deleteRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, store, config }) => {
  app.post(
    '/delete',
    { schema: { response: { 200: Result, ...failures(400, 401, 403, 404, 409, 500) } } },
    async (request) => {
      const params = collectParams(request);
      const { user } = await authenticate(core, request, params);
      // A bearer of someone's token deletes at the pace of a sign-in, per account and per IP.
      await spendBudgets(request, { config, store }, 'signIn', user.id);
      const id = await userapiIds(core).resolve(requireId(params), user.id);
      await core.users.delete(user, id, requestContext(request, 'userapi'), {
        narrowing: USERAPI_NARROWING,
        // The document's self-deletion has no password; the sign-in budget above paces it.
        selfWithoutPassword: true,
      });
      return ok();
    },
  );
};
