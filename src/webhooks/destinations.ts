// The SSRF guard of webhooks: a URL whose host is, or resolves to, a loopback,
// link-local, private, shared, multicast or unspecified address is refused (unless
// WEBHOOKS_ALLOW_PRIVATE=true). Checked when an endpoint is saved and again at each
// delivery, on the very address the connection uses (guardedLookup), so a name
// that later resolves inward (DNS rebinding) is refused too.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { DestinationVerdict, WebhookDestinations } from '../core/webhooks.js';

const inward = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  inward.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  inward.addSubnet(network, prefix, 'ipv6');
}

/** True for addresses a webhook must not reach: loopback, link-local, private, and the like. */
export function isInwardAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return inward.check(mapped[1]!, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return inward.check(bare, 'ipv4');
  if (family === 6) return inward.check(bare, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

const REFUSED = 'must not point to a loopback, link-local or private address';

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

export function webhookDestinations(allowPrivate: boolean): WebhookDestinations {
  return {
    async check(url: URL): Promise<DestinationVerdict> {
      if (allowPrivate) return { allowed: true };
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host)) return isInwardAddress(host) ? { allowed: false, reason: REFUSED } : { allowed: true };
      let addresses: LookupAddress[];
      try {
        addresses = await resolveAll(host);
      } catch {
        return { allowed: false, reason: 'host does not resolve' };
      }
      if (addresses.length === 0 || addresses.some((entry) => isInwardAddress(entry.address))) {
        return { allowed: false, reason: REFUSED };
      }
      return { allowed: true };
    },
  };
}

/** A socket lookup that fails on an inward address: the check sits on the connection itself. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as LookupAddress[];
    const refused = list.find((entry) => isInwardAddress(entry.address));
    if (refused || list.length === 0) {
      return callback(Object.assign(new Error(`webhook destination ${hostname} ${REFUSED}`), { code: 'EWEBHOOKINWARD' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};
