// Schema shapes that fast-json-stringify writes without validating: a value or
// null as one JSON Schema type list (`"type": ["string", "null"]`, as OpenAPI 3.1
// writes it) and a choice of values as `enum`, rather than TypeBox's `anyOf`, for
// which it runs an ajv validation of each branch on every answer. Every API's
// schemas use these.

import { Type, type Static, type TInteger, type TString, type TUnsafe } from '@fastify/type-provider-typebox';

/** `options`: keywords of the whole (a description). */
export function Nullable<T extends TString | TInteger>(schema: T, options: { description?: string } = {}): TUnsafe<Static<T> | null> {
  // Its string keys only: TypeBox's own symbols would make it pass for a plain string.
  const keywords = Object.fromEntries(Object.entries(schema));
  return Type.Unsafe<Static<T> | null>({ ...keywords, ...options, type: [schema.type, 'null'] });
}

/** One of these values, all strings or all integers (`"type": "string", "enum": […]`). */
export function OneOf<const T extends readonly string[] | readonly number[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> {
  const type = values.every((value) => typeof value === 'string') ? 'string' : 'integer';
  return Type.Unsafe<T[number]>({ ...options, type, enum: [...values] });
}

/**
 * A request field a client clears with null or with "": the `anyOf` of the value and
 * null, on which ajv (coerceTypes) reads "" as null when the value's own schema
 * refuses it (a minimum length, a date format). A type list would refuse "" there.
 */
export function NullableInput<T extends TString | TInteger>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}
