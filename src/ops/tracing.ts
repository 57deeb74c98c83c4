// OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (off: none
// of this is loaded or wrapped, so the hot path pays nothing). Spans: the request
// and its hooks and handler (@fastify/otel), each store call (`store.<repo>.<method>`,
// `store.transaction`) and each argon2 hash or verify. Attributes carry names and
// routes, never a secret: the query string (tokens travel there) is cut from the
// request's url.path, and store and argon2 spans carry no arguments at all.

import { context, propagation, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyPluginCallback } from 'fastify';
import type { PasswordHasher, Repos, Store } from '../core/ports.js';

export interface Tracing {
  /** Registered first on every Fastify instance. */
  plugin: FastifyPluginCallback;
  tracer: Tracer;
  /** Sends the spans still buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function startTracing(endpoint: string, serviceName = 'sesame'): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
  });
  // Global, so the context of the request follows into store and argon2 spans.
  provider.register();
  const instrumentation = new FastifyOtelInstrumentation({
    recordExceptions: false,
    requestHook: (span, request) => span.setAttribute('url.path', request.url.split('?')[0] ?? '/'),
  });
  instrumentation.setTracerProvider(provider);
  return {
    plugin: instrumentation.plugin(),
    tracer: provider.getTracer('sesame'),
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      // Leaves the globals free for the next provider of this process (tests).
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Runs `work` in a span named `name`; a failure marks the span (its message is not recorded). */
async function inSpan<T>(tracer: Tracer, name: string, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Every method of `target` in a span `<prefix>.<method>`. */
function tracedMethods<T extends object>(target: T, prefix: string, tracer: Tracer): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => inSpan(tracer, `${prefix}.${key}`, async () => value.apply(object, args));
    },
  });
}

/** The kernel's repositories (ports.ts Repos); an adapter's own repositories are not wrapped. */
const REPO_NAMES = new Set([
  'users', 'credentials', 'sessions', 'refreshTokens', 'oneTimeTokens', 'signingKeys', 'audit',
  'signInThrottles', 'outbox', 'webhooks',
]);

function tracedRepos<R extends object>(repos: R, tracer: Tracer): R {
  return new Proxy(repos, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof key === 'string' && REPO_NAMES.has(key) && value !== null && typeof value === 'object') {
        return tracedMethods(value, `store.${key}`, tracer);
      }
      return value;
    },
  });
}

/** The store with a span around each repository call and each transaction. */
export function tracedStore<S extends Store>(store: S, tracer: Tracer): S {
  const repos = tracedRepos(store, tracer);
  return new Proxy(repos, {
    get(object, key, receiver) {
      if (key === 'transaction') {
        return <T>(work: (inner: Repos) => Promise<T>) =>
          inSpan(tracer, 'store.transaction', () => store.transaction((inner) => work(tracedRepos(inner, tracer))));
      }
      return Reflect.get(object, key, receiver);
    },
  });
}

export function tracedHasher(hasher: PasswordHasher, tracer: Tracer): PasswordHasher {
  return {
    hash: (password) => inSpan(tracer, 'argon2.hash', () => hasher.hash(password)),
    verify: (stored, password) => inSpan(tracer, 'argon2.verify', () => hasher.verify(stored, password)),
    needsRehash: (stored) => hasher.needsRehash(stored),
  };
}

