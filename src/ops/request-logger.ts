// Fastify gives every request a child logger bound to its id. pino makes a child by
// serializing the bindings and building its methods anew: a cost paid on every
// request (a good share of the garbage collector's work under load), for a logger
// that at the usual level writes nothing per request. This factory hands Fastify a
// stand-in that makes the pino child on the first line actually written at an
// enabled level; a call below the level costs a comparison.

import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilent } from 'pino';

type LevelMethod = (...args: unknown[]) => void;

class DeferredChild {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled(level: Level): boolean },
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  private write(level: Level, args: unknown[]): void {
    if (this.made || this.parent.isLevelEnabled(level)) (this.real()[level] as LevelMethod)(...args);
  }

  get level(): LevelWithSilent {
    return (this.made?.level ?? this.parent.level) as LevelWithSilent;
  }

  set level(level: LevelWithSilent) {
    this.real().level = level;
  }

  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  trace(...args: unknown[]) {
    this.write('trace', args);
  }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

export function deferredChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // A route with a level of its own gets its child at once (none has one today).
  if (options.level !== undefined) return logger.child(bindings, options);
  return new DeferredChild(logger as FastifyBaseLogger & { isLevelEnabled(level: Level): boolean }, bindings, options) as unknown as FastifyBaseLogger;
}
