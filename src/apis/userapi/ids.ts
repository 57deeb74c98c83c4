// userapi's ids: an account imported from the User API keeps its id here (core/legacy-ids.ts).

import type { Core } from '../../core/index.js';

export function userapiIds(core: Core) {
  const ids = core.legacyIds.forApi('userapi');
  return {
    show: ids.show,
    /** The Sésame id behind an `id` parameter, or `fallback` when there is none. */
    resolve: async (shown: number | undefined, fallback: number) => (shown === undefined ? fallback : ids.resolve(shown)),
  };
}
