import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_BINS,
  HISTOGRAM_EDGES,
  HISTOGRAM_RELATIVE_ERROR,
  binOf,
  binRange,
  histogramMedian,
} from './reports.histogram';

/** The middle value (the lower one of two): percentile_disc(0.5). */
const middleValue = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1]!;
const histogramOf = (xs: number[]) => {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const x of xs) counts[binOf(x)]!++;
  return counts;
};

describe('clock-minute histograms', () => {
  it('puts each value in the bin whose range holds it, edges included in the upper bin', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(0.99)).toBe(0);
    expect(binOf(1)).toBe(1);
    expect(binOf(2)).toBe(5); // 2 = 2^(4/4) = e_4: first value of bin 5
    expect(binOf(1.9)).toBe(4);
    expect(binOf(240)).toBe(32); // 2^7.75 = 215.3 <= 240 < 2^8 = 256
    expect(binOf(1e9)).toBe(HISTOGRAM_BINS - 1);
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
      const [lo, hi] = binRange(bin);
      expect(binOf(lo)).toBe(bin);
      if (hi !== Infinity) expect(binOf(hi)).toBe(bin + 1);
    }
    expect(HISTOGRAM_EDGES.at(-1)).toBeCloseTo(2 ** 17.5, 6);
  });

  it('reads the median inside its bin: a known answer', () => {
    // 240 and 300 minutes: rank 1 of 2 falls at the end of 240's bin [215.3, 256).
    expect(histogramMedian(histogramOf([240, 300]))).toBeCloseTo(256, 6);
    // One value in bin 32: half-way through the bin.
    expect(histogramMedian(histogramOf([240]))).toBeCloseTo((2 ** 7.75 + 2 ** 8) / 2, 6);
    expect(histogramMedian(new Array(HISTOGRAM_BINS).fill(0))).toBeNull();
  });

  it('stays within 18.9 % of the middle value (the documented bound)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 500);
      const scale = 1 + random() * 5000;
      const xs = Array.from({ length: n }, () => 1 + random() ** 2 * scale);
      const exact = middleValue(xs);
      const approx = histogramMedian(histogramOf(xs))!;
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(exact * HISTOGRAM_RELATIVE_ERROR + 1e-9);
    }
  });
});
