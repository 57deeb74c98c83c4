// "Profils temporaires" (seed 000): myclass's own domain, unknown to the kernel.

import type { NamedRecordRepo, NamedRecordStore } from '../named-records.js';

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

/** Saved whole under its name, at most so many per user (named-records.ts). */
export type ProfileRepo = NamedRecordRepo<ProfileFields, Profile>;
export type ProfileStore = NamedRecordStore<ProfileFields, Profile>;
