// CRDM's ids: an account imported from it keeps its id here (core/legacy-ids.ts).

import type { Core } from '../../core/index.js';

export const crdmIds = (core: Core) => core.legacyIds.forApi('crdm');
