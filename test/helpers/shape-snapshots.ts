// Pinned response shapes: a response's structure (keys and value types, not the
// values) must equal the one committed under test/snapshots/. A wire-format
// change is a deliberate update (UPDATE_SNAPSHOTS=1), never a side effect.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, child]) => [key, shapeOf(child)]),
    );
  }
  return typeof value;
}

const cache = new Map<string, Record<string, unknown>>();

export function assertShape(file: string, name: string, value: unknown): void {
  const path = join('test', 'snapshots', file);
  if (!cache.has(path)) cache.set(path, existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});
  const snapshots = cache.get(path)!;
  const shape = shapeOf(value);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    snapshots[name] = shape;
    mkdirSync(dirname(path), { recursive: true });
    const sorted = Object.fromEntries(Object.entries(snapshots).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
    return;
  }
  assert.ok(name in snapshots, `no pinned shape "${name}" in ${path}: run with UPDATE_SNAPSHOTS=1 once`);
  assert.deepEqual(shape, snapshots[name], `the shape of "${name}" changed`);
}
