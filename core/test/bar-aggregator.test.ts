import { type Bar, dec, type Trade } from '@qmo/sdk';
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarAggregator } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const trade = (ts: number, price: string, size: string, instrument = 'ESZ6'): Trade => ({
  type: 'trade',
  instrument,
  source: 'cme',
  ts,
  price: dec(price),
  size: dec(size),
  aggressor: 'buy',
});

function collect() {
  const bars: Bar[] = [];
  const agg = new BarAggregator((b) => bars.push(b));
  return { agg, bars, closed: () => bars.filter((b) => b.closed) };
}

describe('BarAggregator', () => {
  it('builds exact OHLCV with decimal strings and emits the forming bar after every trade', () => {
    const { agg, bars } = collect();
    agg.addTrade(trade(T0 + 1_000, '0.1', '0.1'));
    agg.addTrade(trade(T0 + 2_000, '0.3', '0.2'));
    agg.addTrade(trade(T0 + 3_000, '0.05', '0.7'));
    agg.addTrade(trade(T0 + 59_999, '0.2', '1.000'));
    expect(bars).toHaveLength(4);
    expect(bars.every((b) => !b.closed)).toBe(true);
    expect(bars.at(-1)).toEqual({
      type: 'bar',
      tf: '1m',
      instrument: 'ESZ6',
      source: 'cme',
      ts: T0,
      open: '0.1',
      high: '0.3',
      low: '0.05',
      close: '0.2',
      volume: '2',
      closed: false,
    });
    expect(agg.forming1m('ESZ6')).toEqual(bars.at(-1));
  });

  it('closes a bar when a trade of a later minute arrives, and on closeDue at the minute', () => {
    const { agg, closed } = collect();
    agg.addTrade(trade(T0 + 10_000, '4500.25', '2'));
    agg.addTrade(trade(T0 + 61_000, '4500.50', '1'));
    expect(closed()).toHaveLength(1);
    expect(closed()[0]).toMatchObject({
      ts: T0,
      open: '4500.25',
      close: '4500.25',
      volume: '2',
      closed: true,
    });
    agg.closeDue(T0 + 119_999);
    expect(closed()).toHaveLength(1);
    agg.closeDue(T0 + 120_000);
    expect(closed()).toHaveLength(2);
    expect(closed()[1]).toMatchObject({ ts: T0 + 60_000, open: '4500.5', volume: '1', closed: true });
    expect(agg.forming1m('ESZ6')).toBeUndefined();
    agg.closeDue(T0 + 600_000);
    expect(closed()).toHaveLength(2); // each bar closes once
  });

  it('keeps instruments apart', () => {
    const { agg, closed } = collect();
    agg.addTrade(trade(T0, '1', '1', 'ESZ6'));
    agg.addTrade(trade(T0, '2', '1', 'NQZ6'));
    agg.addTrade(trade(T0 + 60_000, '3', '1', 'NQZ6'));
    expect(closed().map((b) => b.instrument)).toEqual(['NQZ6']);
    expect(agg.forming1m('ESZ6')?.close).toBe('1');
  });

  it('ignores a late trade of a bar closed by a newer trade', () => {
    const { agg, bars } = collect();
    agg.addTrade(trade(T0 + 50_000, '10', '1'));
    agg.addTrade(trade(T0 + 70_000, '11', '1'));
    const before = bars.length;
    agg.addTrade(trade(T0 + 59_000, '99', '5'));
    expect(bars).toHaveLength(before);
    expect(agg.forming1m('ESZ6')).toMatchObject({ ts: T0 + 60_000, high: '11', volume: '1' });
  });

  it('ignores a late trade of a bar already closed by the clock', () => {
    const { agg, bars, closed } = collect();
    agg.addTrade(trade(T0 + 50_000, '10', '1'));
    agg.closeDue(T0 + 60_000);
    expect(closed()).toHaveLength(1);
    const before = bars.length;
    agg.addTrade(trade(T0 + 59_900, '99', '5'));
    expect(bars).toHaveLength(before);
    expect(agg.forming1m('ESZ6')).toBeUndefined();
    agg.closeDue(T0 + 600_000);
    expect(closed()).toHaveLength(1);
    expect(closed()[0]).toMatchObject({ high: '10', volume: '1' });
  });

  it('volume is the exact sum of sizes and high/low the exact extremes (property)', () => {
    const price = fc.integer({ min: 1, max: 10_000_000 }).map((n) => dec(new Big(n).div(10_000)));
    const size = fc.integer({ min: 1, max: 1_000_000 }).map((n) => dec(new Big(n).div(1_000)));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 59_999 }), price, size), { minLength: 1, maxLength: 50 }),
        (ticks) => {
          const { agg, closed } = collect();
          const sorted = [...ticks].sort((a, b) => a[0] - b[0]);
          for (const [offset, p, s] of sorted) agg.addTrade(trade(T0 + offset, p, s));
          agg.closeDue(T0 + 60_000);
          const [bar] = closed();
          expect(closed()).toHaveLength(1);
          const prices = sorted.map(([, p]) => new Big(p));
          expect(new Big(bar!.volume).eq(sorted.reduce((acc, [, , s]) => acc.plus(s), new Big(0)))).toBe(
            true,
          );
          expect(new Big(bar!.high).eq(prices.reduce((a, b) => (a.gt(b) ? a : b)))).toBe(true);
          expect(new Big(bar!.low).eq(prices.reduce((a, b) => (a.lt(b) ? a : b)))).toBe(true);
          expect(bar!.open).toBe(sorted[0]![1]);
          expect(bar!.close).toBe(sorted.at(-1)![1]);
        },
      ),
    );
  });
});
