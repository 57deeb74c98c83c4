// The `sesame` command as a user runs it: a child process on the TypeScript sources,
// fast argon2 and a silent log unless the test says otherwise.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { FAST_ARGON2 } from './test-app.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startSesame(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...FAST_ARGON2, LOG_LEVEL: 'silent', ...env },
  });
}

/** Runs `sesame …` to its end: exit code and everything it printed. */
export function sesame(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = startSesame(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
