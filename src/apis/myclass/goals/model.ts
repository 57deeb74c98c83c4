// Goals (seed 000 "objectifs"): myclass's own domain, unknown to the kernel.

import type { NamedRecordRepo, NamedRecordStore } from '../named-records.js';

/** A goal of a user: one per name and user. */
export interface Goal {
  userId: number;
  name: string;
  description: string | null;
  /** Calendar date, YYYY-MM-DD. */
  desiredDate: string;
  domain: string | null;
  level: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

/** The fields of a goal its owner sets; the service sets the dates. */
export type GoalFields = Omit<Goal, 'userId' | 'createdAt' | 'modifiedAt'>;

/** Saved whole under its name, at most so many per user (named-records.ts). */
export type GoalRepo = NamedRecordRepo<GoalFields, Goal>;
export type GoalStore = NamedRecordStore<GoalFields, Goal>;
