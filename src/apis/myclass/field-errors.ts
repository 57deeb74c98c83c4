// Field checks shared by goals and profiles: collect every bad field under its core
// name, then throw them together so a client fixes all at once.

import { CoreError } from '../../core/errors.js';

const MAX_NAME = 200;

export class FieldErrors {
  private readonly fields: Record<string, string[]> = {};
  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }
  text(field: string, value: string | null | undefined, max: number): void {
    if (typeof value === 'string' && [...value].length > max) this.add(field, `must be at most ${max} characters`);
  }
  name(field: string, value: string): void {
    if (value.trim() === '') this.add(field, 'is required');
    this.text(field, value, MAX_NAME);
  }
  throwIfAny(): void {
    if (Object.keys(this.fields).length > 0) throw new CoreError('validation_failed', { fields: this.fields });
  }
}
