// The document's user endpoints: the directory (GET /api/users), one user or the
// signed-in one as a one-element array, creation (documented as POST
// /api/user/<ID>, also POST /api/user), soft deletion and profile updates.
// Who may do what is the kernel's policy (moderators read accounts up to their own
// level, admins read all and write others).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../../../core/errors.js';
import { LOCALES, type Locale } from '../../../core/model.js';
import { spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { resetPasswordLink } from '../mail-links.js';
import { localeOf, signedIn } from '../request-state.js';
import { requireSession } from '../session-auth.js';
import { text, validate, type Rules } from '../validation.js';
import { MessageSchema, UserArraySchema, ValidationSchema, profileFromWire, userToWire } from '../wire.js';
import { crdmIds } from '../ids.js';

const hide = true;
const IdParams = Type.Object({ id: Type.String() });

const CREATE_RULES: Rules = {
  name: ['required', 'string', { max: 100 }],
  first_name: ['required', 'string', { max: 100 }],
  title: ['nullable', 'string', { max: 10 }],
  phone_number: ['nullable', 'string', { max: 20 }],
  email: ['required', 'string', 'email', { max: 255 }],
  localisation: ['nullable', 'string', { in: LOCALES }],
};

const UPDATE_RULES: Rules = {
  name: ['sometimes', 'required', 'string', { max: 100 }],
  first_name: ['sometimes', 'required', 'string', { max: 100 }],
  title: ['sometimes', 'nullable', 'string', { max: 10 }],
  phone_number: ['sometimes', 'nullable', 'string', { max: 20 }],
  localisation: ['sometimes', 'nullable', 'string', { in: LOCALES }],
};

/** Laravel's route model binding: an id that is not a number finds nothing. */
function userId(raw: string): number {
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new CoreError('not_found', { resource: 'user' });
  return id;
}

export const userRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, options) => {
  const { core } = options;
  const ids = crdmIds(core);
  app.addHook('preValidation', requireSession(core));

  const read = { 200: UserArraySchema, 401: MessageSchema, 403: MessageSchema, 404: MessageSchema };
  const write = { ...read, 422: ValidationSchema };

  app.get('/api/users', { schema: { hide, response: read } }, async (request) => {
    const users = await core.users.listAll(signedIn(request).user);
    return (await ids.showAll(users)).map(userToWire);
  });

  for (const path of ['/api/user', '/api/user/']) {
    app.get(path, { schema: { hide, response: read } }, async (request) => [
      userToWire(await ids.show(signedIn(request).user)),
    ]);
  }

  app.get('/api/user/:id', { schema: { hide, params: IdParams, response: read } }, async (request) => {
    const user = await core.users.get(signedIn(request).user, await ids.resolve(userId(request.params.id)));
    return [userToWire(await ids.show(user))];
  });

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = signedIn(request).user;
    const values = validate(request.body, CREATE_RULES, localeOf(request));
    const context = requestContext(request, 'crdm');
    // The "account created" mail goes to another address: the creator's budget as well as the IP's.
    await spendBudgets(request, options, 'mail', actor.id);
    await core.users.create(
      actor,
      {
        email: String(values.email).trim(),
        role: 'USER',
        lastName: text(values.name),
        firstName: text(values.first_name),
        title: text(values.title),
        phone: text(values.phone_number),
        locale: (text(values.localisation) as Locale | null) ?? actor.locale,
      },
      context,
      // The "account created" mail: a link to the reset-password page, the creator in Bcc.
      { link: resetPasswordLink(options.config, String(values.email)), locale: localeOf(request), bcc: [actor.email] },
    );
    return reply.code(204).send(null);
  };
  const created = { 204: Type.Null(), 401: MessageSchema, 403: MessageSchema, 422: ValidationSchema };
  for (const path of ['/api/user', '/api/user/', '/api/user/:id']) {
    app.post(path, { schema: { hide, response: created } }, create);
  }

  app.delete(
    '/api/user/:id',
    { schema: { hide, params: IdParams, response: { ...write, 204: Type.Null() } } },
    async (request, reply) => {
      const id = await ids.resolve(userId(request.params.id));
      const { user } = signedIn(request);
      // The document deletes one's own account here without a password: allowed,
      // at the pace of a sign-in per account and per IP (as userapi's /delete).
      const self = id === user.id;
      if (self) await spendBudgets(request, options, 'signIn', user.id);
      await core.users.delete(user, id, requestContext(request, 'crdm'), { selfWithoutPassword: self });
      return reply.code(204).send(null);
    },
  );

  const update = async (request: FastifyRequest, id: number) => {
    const values = validate(request.body, UPDATE_RULES, localeOf(request));
    const user = await core.users.update(
      signedIn(request).user,
      id,
      profileFromWire(values),
      requestContext(request, 'crdm'),
    );
    return [userToWire(await ids.show(user))];
  };
  for (const path of ['/api/user', '/api/user/']) {
    app.patch(path, { schema: { hide, response: write } }, async (request) =>
      update(request, signedIn(request).user.id),
    );
  }
  app.patch('/api/user/:id', { schema: { hide, params: IdParams, response: write } }, async (request) =>
    update(request, await ids.resolve(userId(request.params.id))),
  );
};
