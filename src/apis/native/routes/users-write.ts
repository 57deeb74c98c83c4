// Changing accounts (admin only; the kernel's policy refuses everyone else with forbidden):
// POST /v1/users (invited account without a usable password), PATCH /v1/users/{id}
// (profile, role, email, email_verified; never the last admin's role), DELETE
// /v1/users/{id} (soft; sessions end), POST /v1/users/{id}/restore.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { accountLinks } from '../../../web/links.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import {
  AdminPatchSchema,
  CreateUserSchema,
  UserIdParams,
  adminPatchFromWire,
  createUserFromWire,
  security,
} from '../wire-admin.js';
import { UserSchema, problems } from '../wire.js';
import { adminView } from './users-read.js';

export const usersWriteRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, store, config }) => {
  app.addHook('preHandler', requireUser(core));
  const links = accountLinks(config.publicUrl);

  app.post(
    '/v1/users',
    {
      schema: {
        tags: ['administration'],
        summary: 'Create a user without a password and mail them an invitation to set one (admin)',
        security,
        body: CreateUserSchema,
        response: { 201: Type.Object({ user: UserSchema }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      const context = requestContext(request, 'native');
      // The invitation mails another address: the admin's budget as well as the IP's.
      await spendBudgets(request, { config, store }, 'mail', actor.id);
      // Without a locale in the body, the invitee gets the admin's language.
      const input = { ...createUserFromWire(request.body) };
      input.locale ??= negotiateLocale(request.headers['accept-language']);
      const user = await core.users.create(actor, input, context, { link: links.acceptInvitation });
      return reply.code(201).send({ user: adminView(actor, user) });
    },
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags: ['administration'],
        summary: 'Update a user: profile, role, email, email_verified (admin)',
        security,
        params: UserIdParams,
        body: AdminPatchSchema,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const context = requestContext(request, 'native');
      // A new email is mailed to the old address: the admin's budget as well as the IP's.
      if (request.body.email !== undefined) await spendBudgets(request, { config, store }, 'mail', actor.id);
      // An admin's own new address is confirmed like anyone's; another's is set at once.
      const user = await core.users.update(actor, request.params.id, adminPatchFromWire(request.body), context, {
        emailConfirmation: { link: links.confirmEmail, locale: negotiateLocale(request.headers['accept-language']) },
      });
      return adminView(actor, user);
    },
  );

  app.delete(
    '/v1/users/:id',
    {
      schema: {
        tags: ['administration'],
        summary: 'Delete a user (soft): sessions end, sign-in is refused (admin)',
        security,
        params: UserIdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      await core.users.delete(actor, request.params.id, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/users/:id/restore',
    {
      schema: {
        tags: ['administration'],
        summary: 'Restore a deleted user (admin)',
        security,
        params: UserIdParams,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      return adminView(actor, await core.users.restore(actor, request.params.id, requestContext(request, 'native')));
    },
  );
};
