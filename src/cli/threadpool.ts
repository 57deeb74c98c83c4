// Imported first by the CLI: hashing (argon2id wraps at import, bcrypt, scrypt) runs
// on libuv's thread pool, 4 threads by default; give it one per core before first use.

import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
