// Sésame as an operator runs it (the compiled dist/, the server of `npm start`),
// configured by the environment the bench passes in.

import { loadConfig } from '../../dist/config.js';
import { startServer } from '../../dist/server.js';

await startServer(loadConfig(process.env));
process.send?.({ ready: true });
