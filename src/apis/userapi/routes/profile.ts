// POST /getuser?id= and POST /update (data json): reading and editing a profile.
// One may read oneself or anyone of a lower level, and edit oneself (an admin
// anyone). `level` and `password` in the data are ignored: levels change through
// change_user_elev only, passwords through the reset flow.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProfilePatch } from '../../../core/model.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { authenticate } from '../auth.js';
import { USERAPI_NARROWING } from '../narrowing.js';
import { badRequest, collectParams, nullableText, optionalId, optionalText, readData, type Params } from '../params.js';
import { failures, ok, Result, userToWire, WireUser } from '../wire.js';
import { userapiIds } from '../ids.js';

function profilePatch(data: Params): ProfilePatch {
  const patch: ProfilePatch = {
    username: optionalText(data, 'username', { max: 64 })?.trim(),
    lastName: nullableText(data, 'nom'),
    firstName: nullableText(data, 'prenom'),
    birthdate: nullableText(data, 'birthdate', { max: 10 }),
  };
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}

/** The target of an update: `id` in data or as a parameter (they must agree), else oneself. */
function targetId(params: Params, data: Params, selfId: number): number {
  const inData = optionalId(data);
  const inParams = optionalId(params);
  if (inData !== undefined && inParams !== undefined && inData !== inParams) {
    throw badRequest('id', 'id and data.id name different users.');
  }
  return inData ?? inParams ?? selfId;
}

export const profileRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core }) => {
  app.post(
    '/getuser',
    { schema: { response: { 200: WireUser, ...failures(400, 401, 403, 404, 500) } } },
    async (request) => {
      const params = collectParams(request);
      const { user } = await authenticate(core, request, params);
      const ids = userapiIds(core);
      const target = await core.users.get(user, await ids.resolve(optionalId(params), user.id), USERAPI_NARROWING);
      return userToWire(await ids.show(target));
    },
  );

  app.post(
    '/update',
    { schema: { response: { 200: Result, ...failures(400, 401, 403, 404, 409, 500) } } },
    async (request) => {
      const params = collectParams(request);
      const { user } = await authenticate(core, request, params);
      const data = readData(params);
      const id = await userapiIds(core).resolve(targetId(params, data, user.id), user.id);
      const email = optionalText(data, 'email', { max: 254 });
      const context = requestContext(request, 'userapi');
      await core.users.update(user, id, { ...profilePatch(data), ...(email === undefined ? {} : { email }) }, context, {
        narrowing: USERAPI_NARROWING,
        emailFixed: true,
      });
      return ok();
    },
  );
};
