import type { Bar, Timeframe } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { SharedBarReads } from '../../src/indicators/shared-bar-reads.js';

const MIN = 60_000;
const NOW = 1_000 * MIN;

/** A bar source whose reads finish when the test says, counting them. */
function source() {
  const calls: { range: { from: number; to: number }; finish(bars: Bar[]): void; fail(e: Error): void }[] =
    [];
  const read = (_i: string, _tf: Timeframe, range: { from: number; to: number }) =>
    new Promise<Bar[]>((finish, fail) => calls.push({ range, finish, fail }));
  return { calls, read };
}

describe('SharedBarReads', () => {
  it('shares one read among overlapping identical requests, and reads again once it has finished', async () => {
    const { calls, read } = source();
    const reads = new SharedBarReads(read, () => NOW);
    const a = reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    const b = reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    expect(calls).toHaveLength(1);
    const bars = [{ ts: 1 } as Bar];
    calls[0]!.finish(bars);
    expect(await a).toBe(bars);
    expect(await b).toBe(bars);
    expect(reads.pending).toBe(0);
    void reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    expect(calls).toHaveLength(2);
  });

  it('treats windows ending now or later as one, and any other difference as another read', () => {
    const { calls, read } = source();
    const reads = new SharedBarReads(read, () => NOW);
    void reads.bars('EURUSD', '1m', { from: 0, to: NOW });
    void reads.bars('EURUSD', '1m', { from: 0, to: NOW + 25 });
    expect(calls).toHaveLength(1);
    void reads.bars('EURUSD', '1m', { from: 0, to: NOW - 60_000 });
    void reads.bars('EURUSD', '5m', { from: 0, to: NOW });
    void reads.bars('XAUUSD', '1m', { from: 0, to: NOW });
    void reads.bars('EURUSD', '1m', { from: 1, to: NOW });
    void reads.bars('EURUSD', '1m', { from: 0, to: NOW }, 10);
    expect(calls).toHaveLength(6);
  });

  it('treats windows whose ends fall in the same bars as one: the bars open on bucket starts', () => {
    const { calls, read } = source();
    const reads = new SharedBarReads(read, () => 10 * MIN);
    // [1, 3 min + 1) and [60 s, 4 min) hold the bars opening at 1, 2 and 3 min.
    void reads.bars('EURUSD', '1m', { from: 1, to: 3 * MIN + 1 });
    void reads.bars('EURUSD', '1m', { from: MIN, to: 4 * MIN });
    expect(calls).toHaveLength(1);
    // [0, 4 min) also holds the bar opening at 0; [60 s, 4 min + 1) the one at 4 min.
    void reads.bars('EURUSD', '1m', { from: 0, to: 4 * MIN });
    void reads.bars('EURUSD', '1m', { from: MIN, to: 4 * MIN + 1 });
    expect(calls).toHaveLength(3);
  });

  it('gives every sharer the failure, and the next request reads again', async () => {
    const { calls, read } = source();
    const reads = new SharedBarReads(read, () => NOW);
    const a = reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    const b = reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    calls[0]!.fail(new Error('store down'));
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    void reads.bars('EURUSD', '1m', { from: 0, to: 500 });
    expect(calls).toHaveLength(2);
  });
});
