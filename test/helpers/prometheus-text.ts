// Reads a /metrics answer with a real Prometheus text-format parser
// (parse-prometheus-text-format, a port of the Prometheus Python client's parser).

import { createRequire } from 'node:module';

export interface Sample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

export interface Family {
  name: string;
  help: string;
  type: string;
  metrics: Sample[];
}

const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

export class Scrape {
  readonly families: Family[];
  constructor(readonly text: string) {
    this.families = parse(text);
  }

  family(name: string): Family | undefined {
    return this.families.find((family) => family.name === name);
  }

  /**
   * One series of a labelled histogram (`<name>_count`, `<name>_sum`, `<name>_bucket`):
   * this parser folds histograms into one unlabelled sample, so their series are
   * read untyped (the same text with the family's TYPE line left out).
   */
  series(name: string, labels: Record<string, string> = {}): number {
    const untyped = this.text
      .split('\n')
      .filter((line) => !/^# (TYPE|HELP) /.test(line))
      .join('\n');
    return new Scrape(untyped).value(name, labels);
  }

  /** The value of the sample of `name` whose labels include `labels`; 0 when absent (a counter not yet incremented). */
  value(name: string, labels: Record<string, string> = {}): number {
    // Untyped series interleaved with others come back as several families of one name.
    const samples = this.families.filter((family) => family.name === name).flatMap((family) => family.metrics);
    const sample = samples.find((metric) =>
      Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
    );
    return sample ? Number(sample.value ?? sample.count) : 0;
  }
}
