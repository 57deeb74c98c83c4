// oidc-provider, loaded once on first use. Its version 9 prints "Unsupported runtime"
// to stderr when imported on a Node release older than 22; Sésame supports Node 20
// (package.json `engines`) and is tested there, and that unstructured line would break
// the JSON log stream operators parse. That one message is held back while the module
// loads; anything else it says goes through.

import type Provider from 'oidc-provider';

const RUNTIME_WARNING = 'oidc-provider WARNING: Unsupported runtime';

let loading: Promise<typeof Provider> | null = null;

export function loadProviderClass(): Promise<typeof Provider> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith(RUNTIME_WARNING)) return;
      warn(...args);
    };
    try {
      return (await import('oidc-provider')).default;
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
