// PostgreSQL's change feed when its LISTEN connection's peer vanishes without a word
// (a partition, a host gone): no error, no close, only silence. A TCP relay between
// the feed and the cluster stops forwarding without closing either side; the feed's
// heartbeat must notice, stop holding, and listen again once the path is back.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { LocalChanges, openPostgresChangeFeed } from '../../src/store/change-feed.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

/** A relay to `target` that can go silent (bytes dropped, sockets left open) and come back. */
async function startRelay(target: URL) {
  let silent = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [[inbound, outbound], [outbound, inbound]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!silent) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: (database: string) => {
      const url = new URL(database);
      url.hostname = '127.0.0.1';
      url.port = String((server.address() as net.AddressInfo).port);
      return url.toString();
    },
    goSilent: () => (silent = true),
    /** Silent connections stay broken (their protocol state is lost); new ones go through. */
    speakAgain: () => {
      silent = false;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const postgres = dialects.find((dialect) => dialect.name === 'postgres')!;

describe('change feed heartbeat on postgres', () => {
  let database: TestDatabase;
  before(async () => {
    database = await postgres.create();
  });
  after(async () => {
    await database.drop();
  });

  test('a LISTEN connection gone silent stops holding within the heartbeat, and listening resumes', async () => {
    const relay = await startRelay(new URL(database.url));
    const local = new LocalChanges();
    const feed = await openPostgresChangeFeed(local, relay.url(database.url), { every: 100, within: 200 });
    const held = () => feed.version() === feed.version();
    const until = async (condition: () => boolean, ms: number, what: string) => {
      const since = performance.now();
      while (!condition()) {
        assert.ok(performance.now() - since < ms, what);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      assert.ok(held(), 'listening: one version between changes');
      relay.goSilent();
      await until(() => !held(), 2_000, 'a silent connection was still trusted after 2 s');
      relay.speakAgain();
      await until(held, 5_000, 'no LISTEN connection again within 5 s');
    } finally {
      await feed.close();
      await relay.close();
    }
  });
});
