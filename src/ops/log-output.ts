// Where the log goes and how it reads: JSON lines (pino) for files, pipes and log
// collectors; on a terminal, one readable line per event (pino-pretty) and, at
// start, a banner that says where everything is.

import pretty from 'pino-pretty';
import type { Config } from '../config.js';

export function wantsPrettyLogs(config: Readonly<Config>, stdoutIsTty: boolean): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdoutIsTty);
}

/** pino-pretty as a plain stream (no worker thread): one line per event, time of day, no pid/hostname. */
export function prettyLogStream(destination: NodeJS.WritableStream = process.stdout): NodeJS.WritableStream {
  return pretty({
    destination,
    colorize: 'isTTY' in destination && destination.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
  });
}

export interface StartFacts {
  /** Where the main port listens. */
  listening: string;
  publicUrl: string;
  /** The seed APIs on ports of their own: name → URL. */
  ownPorts: Record<string, string>;
  metricsUrl: string | null;
  hasConsole: boolean;
}

/** The start banner: where it listens, the docs, the console, how to make the first admin. */
export function startBanner(facts: StartFacts): string {
  const lines = [
    `Sésame is listening on ${facts.listening}`,
    `  API docs      ${facts.publicUrl}/docs   (OpenAPI: ${facts.publicUrl}/openapi.json)`,
    ...(facts.hasConsole
      ? [`  Console       ${facts.publicUrl}/account   admin: ${facts.publicUrl}/admin`]
      : [`  Pages         ${facts.publicUrl}/account/…   (hosted sign-in and mail-link pages)`]),
    ...Object.entries(facts.ownPorts).map(([name, url]) => `  ${name.padEnd(13)} ${url}`),
    `  Health        ${facts.publicUrl}/healthz   readiness: ${facts.publicUrl}/readyz`,
    ...(facts.metricsUrl ? [`  Metrics       ${facts.metricsUrl}`] : []),
    `  First admin   npx sesame create-admin --email you@example.com --password '<a long password>'`,
  ];
  return `${lines.join('\n')}\n`;
}
