import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvLine, csvStream } from './reports.writers';

describe('CSV writer', () => {
  it('neutralises formula starts and quotes per RFC 4180', () => {
    expect(['=1+1', '+62', '-x', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
      "'=1+1",
      "'+62",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('baris\nkedua')).toBe('"baris\nkedua"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-11-02T02:00:00Z'))).toBe('2026-11-02T02:00:00.000Z');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('pulls the next page only when the reader wants more (one page in memory)', async () => {
    let produced = 0;
    async function* pages() {
      for (let p = 0; p < 50; p++) {
        produced += 1;
        yield Array.from({ length: 200 }, () => ['x'.repeat(200)]);
      }
    }
    const stream = csvStream([{ name: 't', columns: [{ header: 'h' }], rows: pages() }]);
    let seenWhenSlow = 0;
    let chunks = 0;
    await pipeline(
      stream,
      new Writable({
        highWaterMark: 1024,
        write(_chunk, _enc, cb) {
          chunks += 1;
          if (chunks === 5) seenWhenSlow = produced;
          setTimeout(cb, 1);
        },
      }),
    );
    expect(produced).toBe(50);
    // While the reader was slow, the writer had read only a few pages ahead, not all 50.
    expect(seenWhenSlow).toBeLessThan(8);
    expect(BOM).toBe('\uFEFF');
  });
});
