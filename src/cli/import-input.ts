// Streams the records of an import file, one at a time, with their line numbers:
// JSON lines through readline, CSV through csv-parse (a header row names the
// fields). A line that cannot be read is handed on as a rejection, not a crash.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type InputFormat = 'jsonl' | 'csv';

export type InputItem = { line: number; raw: unknown } | { line: number; error: string };

export function formatFromName(file: string): InputFormat | null {
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.csv$/i.test(file)) return 'csv';
  return null;
}

export interface InputStream {
  items: AsyncIterable<InputItem>;
  /** Bytes read so far, for progress. */
  bytesRead(): number;
}

export function readRecords(file: string, format: InputFormat): InputStream {
  const stream = createReadStream(file);
  return { items: format === 'jsonl' ? jsonLines(stream) : csvRows(stream), bytesRead: () => stream.bytesRead };
}

async function* jsonLines(stream: NodeJS.ReadableStream): AsyncIterable<InputItem> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { line, raw: JSON.parse(text) };
    } catch {
      yield { line, error: 'not valid JSON' };
    }
  }
}

async function* csvRows(stream: NodeJS.ReadableStream): AsyncIterable<InputItem> {
  const skipped: InputItem[] = [];
  const parser = stream.pipe(
    parse({
      columns: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        skipped.push({ line: Number((error as { lines?: number } | undefined)?.lines ?? 0), error: `not a valid CSV row (${error?.message ?? 'unreadable'})` });
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    yield { line: info.lines, raw: record };
  }
  while (skipped.length) yield skipped.shift()!;
}
