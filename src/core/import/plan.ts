// What importing a batch of records does to the accounts, decided here once: create,
// merge into the account of the same email (fill what is empty, keep its password
// and role, add its id for this API), leave unchanged, or refuse with a reason.
// The store reads what the batch touches (BatchLookups) and writes the plan.

import type { Role } from '../model.js';
import type { ImportProfile, ImportRecord } from './record.js';

export interface KnownAccount {
  /** Sésame id; negative for an account created earlier in the same batch. */
  id: number;
  emailKey: string;
  usernameKey: string | null;
  profile: ImportProfile;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  legacyIds: Record<string, number>;
}

export interface BatchLookups {
  byEmail: Map<string, KnownAccount>;
  /** username key → the email key of the account that holds it. */
  usernameOwner: Map<string, string>;
  /** `${api}:${legacyId}` → Sésame id of the account showing it. */
  legacyOwner: Map<string, number>;
  /** Legacy ids (any API) in use, for native ids: one of those is never kept. */
  legacyIdsInUse: Set<number>;
  /** Accounts whose Sésame id is one the batch names, with the legacy ids they show. */
  byId: Map<number, { legacyIds: Record<string, number> }>;
}

export interface PlannedRecord {
  record: ImportRecord;
  usernameKey: string | null;
}

export type ImportAction =
  | {
      kind: 'create';
      line: number;
      /** Its fields, merged with later records of the same email in the batch. */
      account: KnownAccount;
      record: ImportRecord;
      hash: string | null;
      sesameId: number | null;
      role: Role;
    }
  | {
      kind: 'merge';
      line: number;
      userId: number;
      patch: Partial<ImportProfile> & { emailVerifiedAt?: Date };
      hash: string | null;
      legacyIds: Record<string, number>;
    }
  | { kind: 'merge-pending'; line: number }
  | { kind: 'unchanged'; line: number }
  | { kind: 'reject'; line: number; reason: string };

const PROFILE_KEYS = [
  'username',
  'firstName',
  'lastName',
  'title',
  'phone',
  'birthdate',
  'locale',
  'addressStreet',
  'addressCity',
  'addressZip',
  'addressCountry',
  'socialFacebook',
  'socialTwitter',
] as const;

function storedHash(record: ImportRecord): string | null {
  if (!record.hash) return null;
  // Wrapping is done before planning (it costs an argon2id each); a dry run plans unwrapped.
  return record.hash.kind === 'store' ? record.hash.hash : `unwrapped:${record.hash.digest}`;
}

/** Decides every record of a batch, in file order, seeing the earlier ones' effects. */
export function planBatch(batch: PlannedRecord[], known: BatchLookups): ImportAction[] {
  let nextPending = -1;
  const pending = new Map<number, Extract<ImportAction, { kind: 'create' }>>();
  const claimedIds = new Set<number>();
  return batch.map(({ record, usernameKey }) => {
    const line = record.line;
    const account = known.byEmail.get(record.emailKey) ?? null;
    if (usernameKey) {
      const holder = known.usernameOwner.get(usernameKey);
      if (holder !== undefined && holder !== record.emailKey) {
        return { kind: 'reject', line, reason: `username ${record.profile.username} belongs to another account` };
      }
    }
    const conflict = legacyConflict(record, account, known);
    if (conflict) return { kind: 'reject', line, reason: conflict };

    if (!account) {
      const sesameId = keptSesameId(record.sesameId, known, claimedIds);
      const created: KnownAccount = {
        id: nextPending--,
        emailKey: record.emailKey,
        usernameKey,
        profile: { ...record.profile },
        emailVerifiedAt: record.emailVerifiedAt,
        hasPassword: record.hash !== null,
        legacyIds: { ...record.legacyIds },
      };
      remember(known, created, record.legacyIds);
      const create = { kind: 'create', line, account: created, record, hash: storedHash(record), sesameId, role: record.role } as const;
      pending.set(created.id, create);
      return create;
    }

    const patch: Partial<ImportProfile> & { emailVerifiedAt?: Date } = {};
    for (const key of PROFILE_KEYS) {
      const value = record.profile[key];
      if (account.profile[key] === null && value !== null) (patch as Record<string, unknown>)[key] = value;
    }
    if (!account.emailVerifiedAt && record.emailVerifiedAt) patch.emailVerifiedAt = record.emailVerifiedAt;
    const hash = !account.hasPassword ? storedHash(record) : null;
    const legacyIds = Object.fromEntries(Object.entries(record.legacyIds).filter(([api]) => account.legacyIds[api] === undefined));
    if (Object.keys(patch).length === 0 && hash === null && Object.keys(legacyIds).length === 0) {
      return { kind: 'unchanged', line };
    }
    Object.assign(account.profile, patch);
    if (patch.emailVerifiedAt) account.emailVerifiedAt = patch.emailVerifiedAt;
    if (hash !== null) account.hasPassword = true;
    if (patch.username) account.usernameKey = usernameKey;
    remember(known, account, legacyIds);
    // An account created earlier in this batch is not written yet: the create carries the merge.
    if (account.id < 0) {
      if (hash !== null) pending.get(account.id)!.hash = hash;
      return { kind: 'merge-pending', line };
    }
    return { kind: 'merge', line, userId: account.id, patch, hash, legacyIds };
  });
}

function remember(known: BatchLookups, account: KnownAccount, legacyIds: Record<string, number>): void {
  known.byEmail.set(account.emailKey, account);
  if (account.usernameKey) known.usernameOwner.set(account.usernameKey, account.emailKey);
  for (const [api, legacy] of Object.entries(legacyIds)) {
    account.legacyIds[api] = legacy;
    known.legacyOwner.set(`${api}:${legacy}`, account.id);
    known.legacyIdsInUse.add(legacy);
  }
}

/** Why the record's legacy ids cannot be recorded, or null. */
function legacyConflict(record: ImportRecord, account: KnownAccount | null, known: BatchLookups): string | null {
  for (const [api, legacy] of Object.entries(record.legacyIds)) {
    const current = account?.legacyIds[api];
    if (current !== undefined) {
      if (current !== legacy) return `the account of this email already has id ${current} in ${api}`;
      continue;
    }
    const owner = known.legacyOwner.get(`${api}:${legacy}`);
    if (owner !== undefined && owner !== account?.id) return `id ${legacy} is already shown in ${api} for another account`;
    // A Sésame id is what the API shows for an account without a legacy id there.
    const sameId = known.byId.get(legacy);
    if (sameId && legacy !== account?.id && sameId.legacyIds[api] === undefined) {
      return `id ${legacy} is already shown in ${api} for another account`;
    }
  }
  return null;
}

function keptSesameId(id: number | null, known: BatchLookups, claimed: Set<number>): number | null {
  if (id === null || known.byId.has(id) || known.legacyIdsInUse.has(id) || claimed.has(id)) return null;
  claimed.add(id);
  return id;
}
