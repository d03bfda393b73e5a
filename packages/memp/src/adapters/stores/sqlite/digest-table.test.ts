import { describe, expect, it } from 'vitest';
import { DigestTable } from './digest-table.js';

describe('DigestTable', () => {
  it('maps 53-bit digests to vectors through growth, the first vector keeping a digest', () => {
    const table = new DigestTable(4);
    const digests: number[] = [];
    // Groups of 97 digests sharing their low 32 bits (the bits a cell is chosen from), and within each high part
    // digests that differ only in the low bits: all must stay apart.
    for (let i = 0; i < 5000; i++) digests.push((i % 97) * 0x100000000 + ((Math.floor(i / 97) * 2654435761) >>> 0));
    digests.push(Number.MAX_SAFE_INTEGER, 0);
    for (const [i, d] of digests.entries()) table.addIfAbsent(d, i);
    table.addIfAbsent(digests[10] as number, 99_999);
    expect(table.size).toBe(new Set(digests).size);
    // The first vector given a digest keeps it.
    for (const d of digests) expect(table.get(d)).toBe(digests.indexOf(d));
    expect(table.get(digests[10] as number)).toBe(10);
    expect(table.get(12_345_678_901)).toBeUndefined();
    expect(table.has(0)).toBe(true);
    expect(table.has(1)).toBe(false);
  });

  it('refuses what is not a digest rather than filing it where no look-up finds it', () => {
    const table = new DigestTable();
    expect(() => table.addIfAbsent(-1, 0)).toThrow(RangeError);
    expect(() => table.addIfAbsent(0.5, 0)).toThrow(RangeError);
    expect(() => table.addIfAbsent(2 ** 53, 0)).toThrow(RangeError);
    expect(table.size).toBe(0);
  });
});
