// What the session check reads on every request (the session with its user, the
// two-step summary of GET /v1/me), held in memory while the database says nothing
// it depends on has changed. The store's change feed gives a version number that
// moves when a change commits in this process (before the commit returns) and,
// from other processes, as soon as the database tells (SQLite's data_version read
// on each call; PostgreSQL's LISTEN). So every revocation, password, role or
// profile change, account deletion and two-step change drops what is held, by
// whatever path it was written, including paths added later: no kernel function
// has to remember to call the cache.
//
// The version is read before the database is, and a value is kept only if the
// version is still the same after the read: a change that commits during the read
// can never leave the older value behind. Entries also expire after a bounded
// time, and the number of entries is bounded.

import type { ChangeFeed, Clock } from './ports.js';

export interface VersionedCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

export class VersionedCache<K, V extends object> {
  private entries = new Map<K, { value: V; until: number }>();
  private version: number;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly clock: Clock,
    private readonly options: VersionedCacheOptions,
  ) {
    this.version = feed.version();
  }

  /** The value held for `key` if nothing changed since it was read, else `load()`'s (kept unless null). */
  async get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    const version = this.feed.version();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const now = this.clock.now().getTime();
    const held = this.entries.get(key);
    if (held && now < held.until) return held.value;
    if (held) this.entries.delete(key);
    const value = await load();
    if (value !== null && this.feed.version() === version && this.version === version) {
      if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, until: now + this.options.ttlMs });
    }
    return value;
  }
}
