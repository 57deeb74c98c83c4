// Goals (seed 000 "objectifs"): myclass's own domain, unknown to the kernel.

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

/** Saved whole: a name that exists is replaced, else created. */
export interface GoalRepo {
  save(userId: number, fields: GoalFields, now: Date): Promise<{ goal: Goal; created: boolean }>;
  /** Every goal of the user by name, or only the one named. */
  list(userId: number, name?: string): Promise<Goal[]>;
  count(userId: number): Promise<number>;
}

/** The repository, and transactions over it (the per-user cap is checked in one). */
export interface GoalStore extends GoalRepo {
  transaction<T>(work: (goals: GoalRepo) => Promise<T>): Promise<T>;
}
