/**
 * Histograms of clock minutes (resolution and first-response time), so that a median over any
 * run of whole days is a merge of per-day histograms instead of a sort of every resolution in
 * the period (docs/reports.md, "Medians").
 *
 * Bins: bin 0 holds [0, 1) minute; bin k (1..70) holds [2^((k-1)/4), 2^(k/4)) minutes; bin 71
 * holds everything from 2^17.5 minutes (about 127 days) on. Each bin is 2^(1/4) = 1.189 times
 * as wide as the one before. The median read from a histogram (linear inside its bin) lies in
 * the bin of the middle value (the lower middle one for an even count), so it is within 18.9 % of
 * that value (below 1 minute: within 1 minute; beyond 127 days: the bin's lower edge). For an
 * even count the exact median is the mean of the two middle values, which in the large periods
 * that use histograms are next to each other.
 */

export const HISTOGRAM_BINS = 72;
/** Bin edges e_0 = 1 ... e_70 = 2^17.5 minutes; bin k > 0 starts at e_{k-1}. */
export const HISTOGRAM_EDGES: readonly number[] = Array.from({ length: HISTOGRAM_BINS - 1 }, (_, k) => 2 ** (k / 4));
/** Relative bound of the error of a histogram median (inside the bins 1..70). */
export const HISTOGRAM_RELATIVE_ERROR = 2 ** 0.25 - 1;

export type HistogramMetric = 'res' | 'fr';
export type HistogramColumn = `${HistogramMetric}_h${number}`;
export const histogramColumn = (metric: HistogramMetric, bin: number): HistogramColumn => `${metric}_h${bin}`;
export const HISTOGRAM_COLUMNS: readonly HistogramColumn[] = (['res', 'fr'] as const).flatMap((m) =>
  Array.from({ length: HISTOGRAM_BINS }, (_, k) => histogramColumn(m, k)),
);

/**
 * The bin of a number of minutes: the number of edges <= minutes (the same rule as SQL
 * `width_bucket(minutes, edges)`, which the rebuild uses, so both agree on every edge).
 */
export function binOf(minutes: number): number {
  let lo = 0;
  let hi = HISTOGRAM_EDGES.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (HISTOGRAM_EDGES[mid]! <= minutes) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lower, upper) of a bin; the last bin has no upper edge (Infinity). */
export function binRange(bin: number): [number, number] {
  if (bin === 0) return [0, 1];
  return [HISTOGRAM_EDGES[bin - 1]!, HISTOGRAM_EDGES[bin] ?? Infinity];
}

/**
 * The median (the 50th percentile, as `percentile_cont(0.5)`: rank n/2 of n values) read from
 * bin counts, assuming the values spread evenly inside their bin. null for an empty histogram.
 */
export function histogramMedian(counts: readonly number[]): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const rank = n / 2;
  let before = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    const c = counts[bin] ?? 0;
    if (c > 0 && before + c >= rank) {
      const [lo, hi] = binRange(bin);
      if (hi === Infinity) return lo;
      return lo + ((hi - lo) * (rank - before)) / c;
    }
    before += c;
  }
  return null;
}
