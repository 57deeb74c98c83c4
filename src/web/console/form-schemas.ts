// TypeBox schemas of the console's forms: every field a bounded string (HTML
// forms send nothing else), the form token optional here so that its absence is
// the gate's 403, not a validation error. Hidden from /openapi.json: the native
// routes are the documented API of every console action.

import { Type, type TProperties } from '@fastify/type-provider-typebox';

const CSRF = Type.Optional(Type.String({ maxLength: 128 }));

export const text = (maxLength = 200) => Type.Optional(Type.String({ maxLength }));
export const required = (maxLength = 1024) => Type.String({ minLength: 1, maxLength });

export function formBody<P extends TProperties>(properties: P) {
  return Type.Object({ ...properties, _csrf: CSRF }, { additionalProperties: false });
}

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const EmptyForm = formBody({});
