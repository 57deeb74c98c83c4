// Turns a unique-index violation from either driver into the core error it means,
// so that the database, not a racy "check then insert", decides who wins.

import { CoreError } from '../core/errors.js';

export function uniqueViolationToCoreError(error: unknown): CoreError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, constraint } = error as { code?: string; message?: string; constraint?: string };
  const isUnique = code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
  if (!isUnique) return null;
  const where = `${constraint ?? ''} ${message ?? ''}`;
  if (where.includes('email')) return new CoreError('email_taken', { fields: { email: ['is already taken'] } });
  if (where.includes('username')) {
    return new CoreError('username_taken', { fields: { username: ['is already taken'] } });
  }
  return null;
}

export async function mapUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw uniqueViolationToCoreError(error) ?? error;
  }
}
