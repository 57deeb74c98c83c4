// POST /get_level?id= and POST /change_user_elev?id=&level=: levels are the core's
// roles seen as numbers (1 user, 2 moderator, 3 admin). Reading follows the view
// rule; changing is for admins, never above the caller, never the last admin.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLE_LEVEL, roleFromLevel } from '../../../core/model.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { authenticate } from '../auth.js';
import { USERAPI_NARROWING } from '../narrowing.js';
import { badRequest, collectParams, optionalId, requireId } from '../params.js';
import { userapiIds } from '../ids.js';
import { failures, LevelResponse, ok, Result } from '../wire.js';

export const levelRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core }) => {
  app.post(
    '/get_level',
    { schema: { response: { 200: LevelResponse, ...failures(400, 401, 403, 404, 500) } } },
    async (request) => {
      const params = collectParams(request);
      const { user } = await authenticate(core, request, params);
      const ids = userapiIds(core);
      const target = await core.users.get(user, await ids.resolve(optionalId(params), user.id), USERAPI_NARROWING);
      return { success: true, message: 'ok', level: ROLE_LEVEL[target.role], id: (await ids.show(target)).id };
    },
  );

  app.post(
    '/change_user_elev',
    { schema: { response: { 200: Result, ...failures(400, 401, 403, 404, 409, 500) } } },
    async (request) => {
      const params = collectParams(request);
      const { user } = await authenticate(core, request, params);
      const id = await userapiIds(core).resolve(requireId(params), user.id);
      const raw = params.level;
      const level = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d$/.test(raw.trim()) ? Number(raw) : NaN;
      const role = roleFromLevel(level);
      if (!role) throw badRequest('level', 'level must be 1 (user), 2 (moderator) or 3 (admin).');
      await core.users.changeRole(user, id, role, requestContext(request, 'userapi'), USERAPI_NARROWING);
      return ok();
    },
  );
};
