// The build's second step: tsc compiles TypeScript only, so the console's Eta
// templates are copied next to the compiled code (dist/web/views).

import { cpSync } from 'node:fs';

cpSync('src/web/views', 'dist/web/views', { recursive: true });
