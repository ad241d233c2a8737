import { createRequire } from 'node:module';

/** One metric family as parse-prometheus-text-format gives it (prom2json's shape; values are strings). */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  readonly metrics: readonly {
    readonly labels?: Readonly<Record<string, string>>;
    readonly value?: string;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }[];
}

// The package ships CommonJS without type declarations.
const parsePrometheusTextFormat = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => MetricFamily[];

/** The text exposition, parsed by a Prometheus text-format parser (throws on a malformed line). */
export class Exposition {
  readonly families: readonly MetricFamily[];

  constructor(readonly text: string) {
    this.families = parsePrometheusTextFormat(text);
  }

  family(name: string): MetricFamily | undefined {
    return this.families.find((f) => f.name === name);
  }

  /** The sample of `name` whose labels include `labels`; undefined if there is none. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
    const m = this.family(name)?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
    return m?.value === undefined ? undefined : Number(m.value);
  }

  /** Every sample of `name` with its labels and value. */
  samples(name: string): { labels: Readonly<Record<string, string>>; value: number }[] {
    return (this.family(name)?.metrics ?? []).map((s) => ({ labels: s.labels ?? {}, value: Number(s.value) }));
  }

  /** Sum of the samples of `name` whose labels include `labels`. */
  sum(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.samples(name)
      .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((n, s) => n + s.value, 0);
  }

  /**
   * An unlabelled histogram: cumulative bucket counts by `le`, count and sum. (The parser folds a
   * histogram's series into one, so it reads histograms without labels only.)
   */
  histogram(name: string): { buckets: Record<string, number>; count: number; sum: number } | undefined {
    const m = this.family(name)?.metrics[0];
    if (!m?.buckets) return undefined;
    return { buckets: Object.fromEntries(Object.entries(m.buckets).map(([le, n]) => [le, Number(n)])), count: Number(m.count), sum: Number(m.sum) };
  }
}
