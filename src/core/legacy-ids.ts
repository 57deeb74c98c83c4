// Which id an API shows for an account. An account imported from a legacy system
// keeps, in that system's API, the id the system gave it; every other account, and
// the native API always, show Sésame's id. Imports move Sésame's id sequence past
// every legacy id, so a Sésame id shown in an API never names two accounts.

import type { ChangeFeed, Clock, LegacyIdRepo } from './ports.js';
import { VersionedCache } from './versioned-cache.js';

/** Shown on every answer of an API that shows a user: held like the sessions (versioned-cache.ts). */
const HELD_IDS = { ttlMs: 30_000, maxEntries: 10_000 };

export interface ApiIds {
  /** The user as this API shows it: its id replaced by the legacy one, if any. */
  show<T extends { id: number }>(user: T): Promise<T>;
  showAll<T extends { id: number }>(users: T[]): Promise<T[]>;
  /** The Sésame id behind an id this API shows; 0 (no account) when it names none. */
  resolve(shownId: number): Promise<number>;
}

export class LegacyIds {
  private readonly shown: VersionedCache<string, { legacy: number | null }>;

  constructor(
    private readonly repo: LegacyIdRepo,
    changes: ChangeFeed,
    clock: Clock,
  ) {
    this.shown = new VersionedCache(changes, clock, HELD_IDS);
  }

  forApi(api: string): ApiIds {
    const { repo, shown } = this;
    return {
      async show(user) {
        const held = await shown.get(`${api}:${user.id}`, async () => ({ legacy: await repo.legacyIdOf(api, user.id) }));
        const legacy = held!.legacy;
        return legacy === null ? user : { ...user, id: legacy };
      },
      async showAll(users) {
        const legacy = await repo.legacyIdsOf(api, users.map((u) => u.id));
        return users.map((u) => (legacy.has(u.id) ? { ...u, id: legacy.get(u.id)! } : u));
      },
      async resolve(shownId) {
        const owner = await repo.userIdOf(api, shownId);
        if (owner !== null) return owner;
        // A Sésame id names its account here only while that account shows no legacy id here.
        return (await repo.legacyIdOf(api, shownId)) === null ? shownId : 0;
      },
    };
  }
}
