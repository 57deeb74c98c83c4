// Seed 000's parameters: from the query string, a form body or a JSON body, with
// names matched case-insensitively (and without accents: `diplôme` is `diplome`),
// as its clients send `Email` to one endpoint and `email` to the next.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';

const foldName = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

export class Params {
  private constructor(private readonly values: Map<string, { name: string; value: unknown }>) {}

  /** Body before query string; within one source, the first spelling of a name wins. */
  static from(request: FastifyRequest): Params {
    const values = new Map<string, { name: string; value: unknown }>();
    const add = (source: unknown) => {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
      for (const [name, value] of Object.entries(source)) {
        const key = foldName(name);
        if (!values.has(key)) values.set(key, { name, value });
      }
    };
    if (request.body !== undefined && request.body !== null && request.body !== '') {
      if (typeof request.body !== 'object' || Array.isArray(request.body)) {
        throw new CoreError('validation_failed', { fields: { body: ['must be an object of parameters'] } });
      }
      add(request.body);
    }
    add(request.query);
    return new Params(values);
  }

  private find(names: string[]): { name: string; value: unknown } | undefined {
    for (const name of names) {
      const found = this.values.get(foldName(name));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Whether any of these names was given at all (even empty). */
  has(...names: string[]): boolean {
    return this.find(names) !== undefined;
  }

  /**
   * A text parameter, trimmed; numbers and booleans of a JSON body are taken as
   * their text. Undefined when absent; '' when given empty.
   */
  text(...names: string[]): string | undefined {
    const found = this.find(names);
    if (found === undefined || found.value === null) return undefined;
    const { name, value } = found;
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new CoreError('validation_failed', {
      fields: { [name]: [Array.isArray(value) ? 'is given more than once' : 'must be text'] },
    });
  }

  /** Like text(), but empty counts as absent. */
  nonEmpty(...names: string[]): string | undefined {
    const value = this.text(...names);
    return value === '' ? undefined : value;
  }

  /** A password-like parameter: not trimmed, since spaces may be part of it. */
  raw(...names: string[]): string | undefined {
    const found = this.find(names);
    if (found === undefined || found.value === null) return undefined;
    if (typeof found.value !== 'string') {
      throw new CoreError('validation_failed', { fields: { [found.name]: ['must be text'] } });
    }
    return found.value;
  }

  /** A nested object of a JSON body (e.g. `experience`), its names folded too. */
  object(...names: string[]): Params | undefined {
    const found = this.find(names);
    if (found === undefined || found.value === null) return undefined;
    const { name, value } = found;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CoreError('validation_failed', { fields: { [name]: ['must be an object'] } });
    }
    const values = new Map<string, { name: string; value: unknown }>();
    for (const [inner, innerValue] of Object.entries(value as object)) {
      const key = foldName(inner);
      if (!values.has(key)) values.set(key, { name: `${name}.${inner}`, value: innerValue });
    }
    return new Params(values);
  }
}
