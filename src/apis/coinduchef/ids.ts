// Coin du Chef's ids: an account imported from it keeps its id here (core/legacy-ids.ts).

import type { Core } from '../../core/index.js';

export const coinduchefIds = (core: Core) => core.legacyIds.forApi('coinduchef');
