// Seed 000 §4–5: add_update_user_objectif (create or replace the goal `name`) and
// get_user_objectif (every goal, or the one named).

import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { CoreError } from '../../../core/errors.js';
import { authorize } from '../auth.js';
import { messagesFor, withWireFields } from '../errors.js';
import type { MyclassOptions } from '../index.js';
import { Params } from '../params.js';
import { endpoint, success } from '../route.js';
import { GoalSchema, goalToWire } from '../wire.js';

const GOAL_FIELDS = { name: 'name', desired_date: 'date_souhaite', description: 'description', domain: 'domaine', level: 'niveau' };

/** The owner's key: the document says `email_user`; `email` as everywhere else is accepted too. */
export const OWNER_EMAIL = ['email_user', 'email'];

/** ISO dates as they are; French clients' DD/MM/YYYY turned into ISO. */
export function isoDate(text: string): string {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : text;
}

const orNull = (text: string | undefined) => (text === undefined || text === '' ? null : text);

export async function goalRoutes(app: FastifyInstance, { core, domains }: MyclassOptions): Promise<void> {
  endpoint(app, 'add_update_user_objectif', { summary: 'Create or replace a goal' }, async (request) => {
    const params = Params.from(request);
    const { target } = await authorize(core, request, params, OWNER_EMAIL);
    const name = params.nonEmpty('name');
    const date = params.nonEmpty('date_souhaite');
    const missing: Record<string, string[]> = {};
    if (!name) missing.name = ['is required'];
    if (!date) missing.date_souhaite = ['is required'];
    if (Object.keys(missing).length > 0) throw new CoreError('validation_failed', { fields: missing });
    const { record: goal, created } = await withWireFields(GOAL_FIELDS, () =>
      domains.myclass.goals.save(target.id, {
        name: name!,
        desiredDate: isoDate(date!),
        description: orNull(params.text('description')),
        domain: orNull(params.text('domaine')),
        level: orNull(params.text('niveau')),
      }),
    );
    return success(messagesFor(request).goalSaved(goal.name, created));
  });

  endpoint(
    app,
    'get_user_objectif',
    { summary: "A user's goals, or the one named", data: Type.Array(GoalSchema) },
    async (request) => {
      const params = Params.from(request);
      const { target } = await authorize(core, request, params, OWNER_EMAIL);
      const goals = await domains.myclass.goals.list(target.id, params.nonEmpty('name'));
      return success(goals.map((goal) => goalToWire(goal, target)));
    },
  );
}
