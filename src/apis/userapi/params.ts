// The document's parameters may come in the query string, a form body or a JSON
// body (its examples put everything, even `data={json}`, in the URL). They are
// merged here, body over query, and read with this API's own error messages.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';

export type Params = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A userapi input error: 400 with this message as it is (no per-field details to word). */
export const badRequest = (_field: string, message: string) => new CoreError('validation_failed', {}, message);

export function collectParams(request: FastifyRequest): Params {
  const query = isObject(request.query) ? request.query : {};
  let body: unknown = request.body;
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      body = JSON.parse(body);
    } catch {
      throw badRequest('body', 'The request body is not valid JSON.');
    }
  }
  return { ...query, ...(isObject(body) ? body : {}) };
}

/**
 * The `data` object of register and update: a JSON string (the documented form),
 * an object in a JSON body, or, without `data`, the other parameters themselves.
 */
export function readData(params: Params): Params {
  const data = params.data;
  if (data === undefined) {
    const { token: _token, ...rest } = params;
    return rest;
  }
  if (isObject(data)) return data;
  if (typeof data === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw badRequest('data', 'data is not valid JSON.');
    }
    if (isObject(parsed)) return parsed;
  }
  throw badRequest('data', 'data must be a JSON object.');
}

/** A text parameter: absent → undefined; anything but a string is refused. */
export function optionalText(params: Params, name: string, options: { max?: number } = {}): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(name, `${name} must be a string.`);
  const max = options.max ?? 200;
  if (value.length > max) throw badRequest(name, `${name} must be at most ${max} characters.`);
  return value;
}

/** The same, where null (clear the field) is allowed too. */
export function nullableText(params: Params, name: string, options: { max?: number } = {}): string | null | undefined {
  return params[name] === null ? null : optionalText(params, name, options);
}

/** Every name present as a non-empty string, or one error listing the missing ones. */
export function requireTexts<K extends string>(params: Params, names: readonly K[]): Record<K, string> {
  const missing = names.filter((name) => typeof params[name] !== 'string' || (params[name] as string).trim() === '');
  if (missing.length > 0) {
    throw badRequest(missing[0]!, `Missing or empty: ${missing.join(', ')}.`);
  }
  const values = {} as Record<K, string>;
  for (const name of names) values[name] = optionalText(params, name, { max: name === 'password' ? 1024 : 254 })!;
  return values;
}

/** A user id: a positive integer, as a number or its decimal text. */
export function optionalId(params: Params, name = 'id'): number | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    throw badRequest(name, `${name} must be a positive integer.`);
  }
  return number;
}

export function requireId(params: Params, name = 'id'): number {
  const id = optionalId(params, name);
  if (id === undefined) throw badRequest(name, `${name} is required.`);
  return id;
}
