import { describe, expect, it } from 'vitest';
import { ANALYZED_TABLES, BulkWriteAnalyzer } from './postgres-bulk-analyze.js';

describe('BulkWriteAnalyzer', () => {
  it('analyzes once a namespace gained firstAfterRows rows, then each time they double, one at a time', async () => {
    const ran: string[] = [];
    const analyzer = new BulkWriteAnalyzer(async (text) => {
      ran.push(text);
    }, 1000);
    analyzer.wrote('a', 600);
    await analyzer.idle();
    expect(ran).toHaveLength(0);
    analyzer.wrote('a', 600);
    analyzer.wrote('b', 999);
    await analyzer.idle();
    expect(ran).toEqual([`ANALYZE ${ANALYZED_TABLES}`]);
    analyzer.wrote('a', 1100);
    await analyzer.idle();
    expect(ran).toHaveLength(1);
    analyzer.wrote('a', 200);
    await analyzer.idle();
    expect(ran).toHaveLength(2);
  });

  it('coalesces requests made while an analysis runs into one more, and survives a failing one', async () => {
    let calls = 0;
    const analyzer = new BulkWriteAnalyzer(async () => {
      calls++;
      if (calls === 1) throw new Error('must be owner of table memory_vectors');
    }, 10);
    analyzer.wrote('a', 10);
    analyzer.wrote('b', 10);
    analyzer.wrote('c', 10);
    await analyzer.idle();
    expect(calls).toBe(2);
  });

  it('waits, for a namespace that already held rows, until the writes match them, then doubles', async () => {
    const ran: string[] = [];
    const analyzer = new BulkWriteAnalyzer(async (text) => {
      ran.push(text);
    }, 1000);
    analyzer.wrote('big', 3000, 40_000);
    analyzer.wrote('big', 30_000, 5);
    await analyzer.idle();
    expect(ran).toHaveLength(0);
    analyzer.wrote('big', 7000);
    await analyzer.idle();
    expect(ran).toHaveLength(1);
    analyzer.wrote('big', 39_999);
    await analyzer.idle();
    expect(ran).toHaveLength(1);
    analyzer.wrote('big', 1);
    await analyzer.idle();
    expect(ran).toHaveLength(2);
    // A smaller namespace than the first threshold keeps the threshold.
    analyzer.wrote('small', 999, 10);
    await analyzer.idle();
    expect(ran).toHaveLength(2);
    analyzer.wrote('small', 1);
    await analyzer.idle();
    expect(ran).toHaveLength(3);
  });

  it('does nothing when turned off (0)', async () => {
    let calls = 0;
    const analyzer = new BulkWriteAnalyzer(async () => {
      calls++;
    }, 0);
    analyzer.wrote('a', 1e6);
    await analyzer.idle();
    expect(calls).toBe(0);
  });
});
