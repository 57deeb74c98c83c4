// Servers under test run in processes of their own, started here and stopped by
// their own PID (never by name), so the load generator never shares their CPU time
// with them inside one event loop.

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times. */
const CLOCK_TICKS = 100;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Forks `script` with `env` (plus PORT) and waits for its `{ready: true}` message.
 * @returns {Promise<{ url: string, port: number, pid: number, rssBytes: () => number, cpuSeconds: () => number, stop: () => Promise<void> }>}
 */
export async function startServerProcess(script, env = {}, { execArgv = [] } = {}) {
  const port = Number(env.PORT) || (await freePort());
  const child = fork(script, [], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message?.ready) resolve();
      else reject(new Error(`${script} said ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
  const pid = child.pid;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    /** Resident set size of the server process, from /proc. */
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kib * 1024;
    },
    /** CPU seconds the server process has used (user + system, every thread), from /proc. */
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        process.kill(pid, 'SIGTERM');
      });
    },
  };
}
