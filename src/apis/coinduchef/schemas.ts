// Response schemas shared by every Coin du Chef route: FastAPI's error bodies.

import { Type } from '@fastify/type-provider-typebox';
import { MessageSchema, ValidationItemSchema } from './wire.js';

/** {"detail": "…"} or, for validation, {"detail": [{loc, msg, type}]}. */
export const ErrorSchema = Type.Object({
  detail: Type.Union([Type.String(), Type.Array(ValidationItemSchema)]),
});

export const ErrorResponses = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema };

/** 404 of /utilisateurs ({"message": …}, documented) or of anything else ({"detail": …}). */
export const NotFoundSchema = Type.Union([MessageSchema, ErrorSchema]);
