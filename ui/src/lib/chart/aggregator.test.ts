import type { Bar } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { CandleAggregator } from './aggregator.js';
import type { Candle } from './candles.js';

const MIN = 60_000;
const T0 = 1_700_000_100_000 - (1_700_000_100_000 % (5 * MIN)); // aligned to 5m

function bar(ts: number, o: string, h: string, l: string, c: string, v: string, closed = false): Bar {
  return {
    type: 'bar',
    instrument: 'EURUSD',
    source: 'demo',
    tf: '1m',
    ts,
    open: o as Bar['open'],
    high: h as Bar['high'],
    low: l as Bar['low'],
    close: c as Bar['close'],
    volume: v as Bar['volume'],
    closed,
  };
}

describe('CandleAggregator', () => {
  it('merges 1-minute bars into the 5-minute bucket and does not double count a re-sent minute', () => {
    const agg = new CandleAggregator(5 * MIN);
    agg.seed(null, null, T0);
    agg.apply(bar(T0, '1.0', '1.2', '0.9', '1.1', '10'));
    agg.apply(bar(T0, '1.0', '1.3', '0.9', '1.25', '15')); // same minute, grown
    const u = agg.apply(bar(T0 + MIN, '1.25', '1.26', '0.8', '0.85', '4'));
    expect(u?.historical).toBe(false);
    expect(u?.candle).toMatchObject({
      time: T0 / 1000,
      open: 1.0,
      high: 1.3,
      low: 0.8,
      close: 0.85,
      volume: 19,
    });
    expect(u?.candle.closeText).toBe('0.85');
  });

  it('starts a new candle at the next bucket and lets a late close update the previous one', () => {
    const agg = new CandleAggregator(5 * MIN);
    agg.seed(null, null, T0);
    agg.apply(bar(T0 + 4 * MIN, '1', '1', '1', '1', '1'));
    const next = agg.apply(bar(T0 + 5 * MIN, '2', '2', '2', '2', '1'));
    expect(next?.candle.time).toBe((T0 + 5 * MIN) / 1000);
    const late = agg.apply(bar(T0 + 4 * MIN, '1', '1.5', '1', '1.4', '3', true));
    expect(late).toMatchObject({
      historical: true,
      candle: { time: T0 / 1000, high: 1.5, close: 1.4, volume: 3 },
    });
  });

  it('takes the volume from seeded minutes instead of adding them to the history candle', () => {
    const agg = new CandleAggregator(5 * MIN);
    const last: Candle = {
      time: T0 / 1000,
      open: 1,
      high: 1.2,
      low: 0.9,
      close: 1.1,
      volume: 30,
      closeText: '1.1',
    };
    agg.seed(
      last,
      [bar(T0, '1', '1.2', '0.9', '1.0', '20', true), bar(T0 + MIN, '1.0', '1.1', '1.0', '1.1', '10')],
      T0 + MIN,
    );
    const u = agg.apply(bar(T0 + MIN, '1.0', '1.15', '1.0', '1.12', '12'));
    expect(u?.candle).toMatchObject({ open: 1, high: 1.2, low: 0.9, close: 1.12, volume: 32 });
  });

  it('without seeded minutes treats minutes up to the fetch as already counted', () => {
    const agg = new CandleAggregator(5 * MIN);
    const last: Candle = {
      time: T0 / 1000,
      open: 1,
      high: 1.2,
      low: 0.9,
      close: 1.1,
      volume: 30,
      closeText: '1.1',
    };
    agg.seed(last, null, T0 + MIN + 5000);
    expect(agg.apply(bar(T0 + MIN, '1', '1.1', '1', '1.05', '12'))?.candle.volume).toBe(30);
    expect(agg.apply(bar(T0 + 2 * MIN, '1', '1.1', '1', '1.05', '5'))?.candle.volume).toBe(35);
  });

  it('ignores bars older than the buckets it keeps and bars of other timeframes', () => {
    const agg = new CandleAggregator(MIN);
    agg.seed(null, null, T0);
    agg.apply(bar(T0 + 10 * MIN, '1', '1', '1', '1', '1'));
    expect(agg.apply(bar(T0, '1', '1', '1', '1', '1'))).toBeNull();
    expect(agg.apply({ ...bar(T0 + 10 * MIN, '1', '1', '1', '1', '1'), tf: '5m' })).toBeNull();
  });
});
