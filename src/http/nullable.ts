// A value or null as one JSON Schema type list (`"type": ["string", "null"]`, as
// OpenAPI 3.1 writes it) rather than TypeBox's `anyOf`: fast-json-stringify
// writes a type list after a typeof test, where it runs an ajv validation of each
// `anyOf` branch on every answer. Every API's schemas use this one.

import { Type, type Static, type TInteger, type TString, type TUnsafe } from '@fastify/type-provider-typebox';

/** `options`: keywords of the whole (a description). */
export function Nullable<T extends TString | TInteger>(schema: T, options: { description?: string } = {}): TUnsafe<Static<T> | null> {
  // Its string keys only: TypeBox's own symbols would make it pass for a plain string.
  const keywords = Object.fromEntries(Object.entries(schema));
  return Type.Unsafe<Static<T> | null>({ ...keywords, ...options, type: [schema.type, 'null'] });
}
