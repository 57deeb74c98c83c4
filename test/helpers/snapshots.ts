// Snapshot files for wire formats (Node 20's test runner has none): a JSON file per
// suite under __snapshots__, compared whole. A missing or changed snapshot fails;
// UPDATE_SNAPSHOTS=1 rewrites it, a deliberate step whose diff shows in review.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function matchSnapshotFile(path: string, actual: unknown): void {
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `no snapshot ${path}: run with UPDATE_SNAPSHOTS=1 once and review it`);
  assert.deepEqual(actual, JSON.parse(readFileSync(path, 'utf8')), `wire format differs from ${path}`);
}
