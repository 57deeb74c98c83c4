// Goals and temporary profiles are one kind of thing: records a user keeps under a
// name, saved whole (a name that exists is replaced, else created), at most so many
// per user. This holds that rule once; goals/ and profiles/ bring their fields,
// their checks and their table.

import { CoreError } from '../../core/errors.js';
import type { Clock } from '../../core/ports.js';
import { FieldErrors } from './field-errors.js';

export interface Saved<R> {
  record: R;
  /** False when a record of that name was replaced. */
  created: boolean;
}

/** The repository port of one kind of named record. */
export interface NamedRecordRepo<F extends { name: string }, R> {
  save(userId: number, fields: F, now: Date): Promise<Saved<R>>;
  /** Every record of the user in creation order, or only the one named. */
  list(userId: number, name?: string): Promise<R[]>;
  count(userId: number): Promise<number>;
}

/** The repository, and transactions over it (the per-user cap is checked in one). */
export interface NamedRecordStore<F extends { name: string }, R> extends NamedRecordRepo<F, R> {
  transaction<T>(work: (records: NamedRecordRepo<F, R>) => Promise<T>): Promise<T>;
}

export interface NamedRecordKind<F> {
  /** The `resource` of not_found, e.g. `goal`. */
  resource: string;
  /** As said in the cap's message, e.g. `goals`. */
  plural: string;
  maxPerUser: number;
  /** Adds the field errors of everything but the name. */
  check(fields: F, errors: FieldErrors): void;
}

export class NamedRecords<F extends { name: string }, R> {
  constructor(
    private readonly records: NamedRecordStore<F, R>,
    private readonly clock: Clock,
    private readonly kind: NamedRecordKind<F>,
  ) {}

  /** Creates the record `fields.name` of the user, or replaces it; says which. */
  async save(userId: number, fields: F): Promise<Saved<R>> {
    const errors = new FieldErrors();
    errors.name('name', fields.name);
    this.kind.check(fields, errors);
    errors.throwIfAny();
    const clean: F = { ...fields, name: fields.name.trim() };
    const { maxPerUser, plural } = this.kind;
    return this.records.transaction(async (records) => {
      const existing = await records.list(userId, clean.name);
      if (existing.length === 0 && (await records.count(userId)) >= maxPerUser) {
        throw new CoreError('validation_failed', { fields: { name: [`a user has at most ${maxPerUser} ${plural}`] } });
      }
      return records.save(userId, clean, this.clock.now());
    });
  }

  /** Every record of the user, or only the one named (not_found when it does not exist). */
  async list(userId: number, name?: string): Promise<R[]> {
    const wanted = name?.trim();
    const found = await this.records.list(userId, wanted || undefined);
    if (wanted && found.length === 0) throw new CoreError('not_found', { resource: this.kind.resource });
    return found;
  }
}
