// The build's second step: tsc compiles TypeScript only, so the console's Eta
// templates and its one browser script are copied next to the compiled code
// (dist/web/views, dist/web/assets).

import { cpSync } from 'node:fs';

cpSync('src/web/views', 'dist/web/views', { recursive: true });
cpSync('src/web/assets', 'dist/web/assets', { recursive: true });
