// Ajv, coercing a query, path or form string to a number, turns "1e309" into
// Infinity, accepts it as an integer and skips `minimum`/`maximum` for non-finite
// numbers: a route would then hand Infinity to the database (PostgreSQL refuses it,
// a 500). This Ajv plugin wraps every compiled validator so that a non-finite number
// anywhere in the validated data is refused as Ajv would refuse a non-integer, and
// each API answers it in its own validation shape. Every numeric input of Sésame is
// an integer, hence the error's type.

import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

function nonFinitePath(data: unknown, path = ''): string | null {
  if (typeof data === 'number') return Number.isFinite(data) ? null : path;
  if (data === null || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    const found = nonFinitePath(value, `${path}/${key}`);
    if (found !== null) return found;
  }
  return null;
}

export function refuseNonFiniteNumbers(ajv: Ajv): Ajv {
  const compile = ajv.compile.bind(ajv) as (schema: object) => ValidateFunction;
  ajv.compile = ((schema: object) => {
    const validate = compile(schema);
    const checked = ((data: unknown, ...rest: unknown[]) => {
      const valid = (validate as (...args: unknown[]) => boolean)(data, ...rest);
      checked.errors = validate.errors;
      if (!valid) return false;
      const path = nonFinitePath(data);
      if (path === null) return true;
      const error: ErrorObject = {
        instancePath: path,
        schemaPath: '#/type',
        keyword: 'type',
        params: { type: 'integer' },
        message: 'must be integer',
      };
      checked.errors = [error];
      return false;
    }) as ValidateFunction;
    return checked;
  }) as typeof ajv.compile;
  return ajv;
}
