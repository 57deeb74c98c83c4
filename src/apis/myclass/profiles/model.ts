// "Profils temporaires" (seed 000): myclass's own domain, unknown to the kernel.

/** A temporary profile of a user: one per name and user. */
export interface Profile {
  userId: number;
  name: string;
  educationLevel: string | null;
  fieldOfStudy: string | null;
  diploma: string | null;
  country: string | null;
  /** The highest experience. */
  experience: { country: string | null; position: string | null; years: number | null };
  createdAt: Date;
  modifiedAt: Date;
}

export type ProfileFields = Omit<Profile, 'userId' | 'createdAt' | 'modifiedAt'>;

/** Saved whole: a name that exists is replaced, else created. */
export interface ProfileRepo {
  save(userId: number, fields: ProfileFields, now: Date): Promise<{ profile: Profile; created: boolean }>;
  list(userId: number, name?: string): Promise<Profile[]>;
  count(userId: number): Promise<number>;
}

/** The repository, and transactions over it (the per-user cap is checked in one). */
export interface ProfileStore extends ProfileRepo {
  transaction<T>(work: (profiles: ProfileRepo) => Promise<T>): Promise<T>;
}
