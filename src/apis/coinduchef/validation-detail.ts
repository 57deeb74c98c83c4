// Request validation failures in FastAPI's (pydantic's) `detail` list shape:
// [{loc: ["body", "courriel"], msg: "Field required", type: "missing"}]. The
// offending input is left out on purpose: it may be a password.

import type { FastifyError } from 'fastify';
import type { ValidationItem } from './wire.js';
import { WIRE_FIELDS } from './wire.js';

const LOC_ROOT: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** pydantic writes choices as 'A', 'B' or 'C'. */
function choices(values: unknown[]): string {
  const quoted = values.map((v) => `'${String(v)}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(issue: AjvIssue): { type: string; msg: string } {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { type: 'missing', msg: 'Field required' };
    case 'type':
      switch (p.type) {
        case 'string':
          return { type: 'string_type', msg: 'Input should be a valid string' };
        case 'integer':
          return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
        case 'object':
          return { type: 'model_attributes_type', msg: 'Input should be a valid dictionary or object to extract fields from' };
        default:
          return { type: `${String(p.type)}_type`, msg: `Input should be a valid ${String(p.type)}` };
      }
    case 'minLength':
      return { type: 'string_too_short', msg: `String should have at least ${plural(Number(p.limit), 'character')}` };
    case 'maxLength':
      return { type: 'string_too_long', msg: `String should have at most ${plural(Number(p.limit), 'character')}` };
    case 'enum':
      return { type: 'enum', msg: `Input should be ${choices((p.allowedValues as unknown[]) ?? [])}` };
    case 'pattern':
      return { type: 'string_pattern_mismatch', msg: `String should match pattern '${String(p.pattern)}'` };
    case 'minimum':
      return { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${String(p.limit)}` };
    case 'maximum':
      return { type: 'less_than_equal', msg: `Input should be less than or equal to ${String(p.limit)}` };
    default:
      return { type: 'value_error', msg: issue.message ?? 'Invalid value' };
  }
}

/** The detail list for a Fastify schema-validation error. */
export function validationDetail(error: FastifyError, bodyPresent: boolean): ValidationItem[] {
  const root = LOC_ROOT[error.validationContext ?? 'body'] ?? 'body';
  const items: ValidationItem[] = [];
  for (const issue of (error.validation ?? []) as AjvIssue[]) {
    const path = issue.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    if (issue.keyword === 'required') path.push(String(issue.params.missingProperty));
    // No body at all: FastAPI says the body itself is missing.
    if (root === 'body' && path.length === 0 && !bodyPresent) {
      items.push({ loc: ['body'], msg: 'Field required', type: 'missing' });
      continue;
    }
    items.push({ loc: [root, ...path], ...describe(issue) });
  }
  return items;
}

/** A core validation failure (core field names) as the same list. */
export function fieldsDetail(fields: Record<string, string[]>, root = 'body'): ValidationItem[] {
  return Object.entries(fields).flatMap(([field, messages]) =>
    messages.map((msg) => ({ loc: [root, WIRE_FIELDS[field] ?? field], msg, type: 'value_error' })),
  );
}
