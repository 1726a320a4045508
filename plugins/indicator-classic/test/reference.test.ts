import type { BandValue } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { atr, bollinger, ema, macd, rsi, sma, vwap } from '../src/index.js';
import { closesToBars, DAY, line, MINUTE, SESSION } from './bars.js';

/**
 * Hand-computed and published reference values. Computations are spelled out in the comments so
 * they can be checked with a pencil.
 */

describe('SMA', () => {
  it('averages the last N closes', () => {
    const out = sma.batch!(closesToBars([2, 4, 6, 8, 12, 14]), { period: 3 });
    // (2+4+6)/3, (4+6+8)/3, (6+8+12)/3, (8+12+14)/3
    expect(line(out, 'sma')).toEqual([null, null, 4, 6, 26 / 3, 34 / 3]);
  });

  it('with period 1 is the close', () => {
    expect(line(sma.batch!(closesToBars([3, 1, 4]), { period: 1 }), 'sma')).toEqual([3, 1, 4]);
  });
});

describe('EMA', () => {
  it('is seeded with the SMA of the first N closes, then smoothed with α = 2/(N+1)', () => {
    const out = ema.batch!(closesToBars([2, 4, 6, 8, 12, 14]), { period: 3 });
    // α = 0.5; seed (2+4+6)/3 = 4; 4+0.5·(8−4) = 6; 6+0.5·(12−6) = 9; 9+0.5·(14−9) = 11.5
    expect(line(out, 'ema')).toEqual([null, null, 4, 6, 9, 11.5]);
  });
});

describe('RSI (Wilder)', () => {
  // The 14-period example of StockCharts' ChartSchool "Relative Strength Index (RSI)" article.
  const closes = [
    44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
    46.0, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57,
    43.42, 42.66, 43.13,
  ];
  // RSI(14) at full precision, from the 15th close on. The same series, to 2 places, appears in
  // other libraries' tests (e.g. trading-signals: 70.46, 66.25, …, 37.79); first average gain
  // 3.34/14 = 0.238571…, first average loss 1.40/14 = 0.1.
  const exact = [
    70.4641, 66.2496, 66.4809, 69.3469, 66.2947, 57.915, 62.8807, 63.2088, 56.0116, 62.3399, 54.671, 50.3868,
    40.0194, 41.4926, 41.9024, 45.4995, 37.3228, 33.0905, 37.7888,
  ];
  // StockCharts' published table. Its spreadsheet rounds the intermediate averages, so its values
  // sit up to 0.07 away from the exact ones, the gap shrinking as the smoothing forgets the seed.
  const stockcharts = [
    70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87,
    45.46, 37.3, 33.08, 37.77,
  ];

  it('matches the worked example', () => {
    const values = line(rsi.batch!(closesToBars(closes), rsi.params.parse({})), 'rsi');
    expect(values.slice(0, 14)).toEqual(Array(14).fill(null));
    values.slice(14).forEach((value, i) => {
      expect(value).toBeCloseTo(exact[i]!, 4);
      expect(Math.abs(value! - stockcharts[i]!)).toBeLessThan(0.08);
    });
  });

  it('is 100 without losses and 0 without gains; draws its guide levels', () => {
    const up = rsi.batch!(closesToBars([1, 2, 3, 4]), { period: 2, overbought: 80, oversold: 20 });
    expect(line(up, 'rsi')).toEqual([null, null, 100, 100]);
    expect(up[0]!.levels).toEqual([
      { price: 80, label: 'Overbought' },
      { price: 20, label: 'Oversold' },
    ]);
    expect(
      line(rsi.batch!(closesToBars([4, 3, 2, 1]), { period: 2, overbought: 70, oversold: 30 }), 'rsi'),
    ).toEqual([null, null, 0, 0]);
  });
});

describe('MACD', () => {
  it('is EMA(fast) − EMA(slow), with an EMA signal line and a histogram', () => {
    const out = macd.batch!(closesToBars([1, 2, 4, 7, 11, 16]), { fast: 2, slow: 3, signal: 2 });
    // EMA(2), α = 2/3: –, 3/2, 19/6, 103/18, 499/54, 2227/162
    // EMA(3), α = 1/2: –, –, 7/3, 14/3, 47/6, 143/12
    // MACD = EMA(2) − EMA(3): 5/6, 19/18, 38/27, 593/324
    // signal = EMA(2) of MACD seeded by (5/6 + 19/18)/2 = 17/18: 17/18, 203/162, 398/243 (≈ 1.637860)
    const expected: [number | null, number | null, number | null][] = [
      [null, null, null],
      [null, null, null],
      [5 / 6, null, null],
      [19 / 18, 17 / 18, 19 / 18 - 17 / 18],
      [38 / 27, 203 / 162, 38 / 27 - 203 / 162],
      [593 / 324, 398 / 243, 593 / 324 - 398 / 243],
    ];
    out.forEach((o, i) => {
      const [m, s, h] = expected[i]!;
      for (const [key, want] of [
        ['macd', m],
        ['signal', s],
        ['histogram', h],
      ] as const) {
        if (want === null) expect(o[key], `${key}[${i}]`).toBeNull();
        else expect(o[key] as number, `${key}[${i}]`).toBeCloseTo(want, 12);
      }
    });
  });

  it('refuses fast ≥ slow', () => {
    expect(() => macd.create({ fast: 26, slow: 12, signal: 9 })).toThrow(/fast must be shorter than slow/);
  });
});

describe('Bollinger Bands', () => {
  it('are the SMA ± k population standard deviations', () => {
    const out = bollinger.batch!(closesToBars([1, 2, 3, 4, 5, 6]), { period: 5, multiplier: 2 });
    // window 1…5: mean 3, variance (4+1+0+1+4)/5 = 2; window 2…6: mean 4, variance 2
    expect(out.slice(0, 4).every((o) => o.bands === null)).toBe(true);
    const [a, b] = [out[4]!.bands as BandValue, out[5]!.bands as BandValue];
    expect(a.middle).toBeCloseTo(3, 12);
    expect(a.upper).toBeCloseTo(3 + 2 * Math.SQRT2, 12);
    expect(a.lower).toBeCloseTo(3 - 2 * Math.SQRT2, 12);
    expect(b.middle).toBeCloseTo(4, 12);
    expect(b.upper - b.lower).toBeCloseTo(4 * Math.SQRT2, 12);
  });

  it('match a less regular series', () => {
    const out = bollinger.batch!(closesToBars([10, 12, 23, 23, 16, 23]), { period: 5, multiplier: 1.5 });
    // window 10,12,23,23,16: mean 16.8, squared deviations 46.24+23.04+38.44+38.44+0.64 = 146.8, σ² = 29.36
    // window 12,23,23,16,23: mean 19.4, squared deviations 54.76+12.96+12.96+11.56+12.96 = 105.2, σ² = 21.04
    const [a, b] = [out[4]!.bands as BandValue, out[5]!.bands as BandValue];
    expect(a.middle).toBeCloseTo(16.8, 12);
    expect(a.upper).toBeCloseTo(16.8 + 1.5 * Math.sqrt(29.36), 12);
    expect(b.middle).toBeCloseTo(19.4, 12);
    expect(b.lower).toBeCloseTo(19.4 - 1.5 * Math.sqrt(21.04), 12);
  });

  it('have zero width on a flat series, even at large price levels', () => {
    const out = bollinger.batch!(closesToBars(Array(50).fill(95_000.01)), { period: 20, multiplier: 2 });
    const last = out.at(-1)!.bands as BandValue;
    expect(last.upper - last.lower).toBeLessThan(1e-9);
    expect(last.middle).toBeCloseTo(95_000.01, 9);
  });
});

describe('ATR (Wilder)', () => {
  it('averages true ranges, high − low on the first bar, then smooths with 1/N', () => {
    const bars = [
      [10, 8, 9], // TR = 2 (first bar: high − low)
      [11, 9, 10.5], // max(2, |11−9|, |9−9|) = 2
      [12, 10, 11], // max(2, 1.5, 0.5) = 2          → ATR = (2+2+2)/3 = 2
      [15, 11, 14], // max(4, 4, 0) = 4              → 2 + (4−2)/3 = 8/3
      [14, 13, 13.5], // max(1, 0, 1) = 1            → 8/3 + (1−8/3)/3 = 19/9
      [10, 9, 9.5], // gap: max(1, 3.5, 4.5) = 4.5  → 19/9 + (4.5−19/9)/3 = 157/54
    ].map(([high, low, close], i) => ({
      time: SESSION + i * MINUTE,
      open: close!,
      high: high!,
      low: low!,
      close: close!,
      volume: 1,
    }));
    const values = line(atr.batch!(bars, { period: 3 }), 'atr');
    expect(values.slice(0, 2)).toEqual([null, null]);
    [2, 8 / 3, 19 / 9, 157 / 54].forEach((want, i) => {
      expect(values[i + 2]).toBeCloseTo(want, 12);
    });
  });
});

describe('VWAP', () => {
  it('weights the typical price by volume and restarts each UTC day', () => {
    const bar = (time: number, high: number, low: number, close: number, volume: number) => ({
      time,
      open: close,
      high,
      low,
      close,
      volume,
    });
    const out = vwap.batch!(
      [
        bar(SESSION, 11, 9, 10, 100), // typical 10
        bar(SESSION + MINUTE, 12, 10, 11, 300), // typical 11 → (1000 + 3300)/400 = 10.75
        bar(SESSION + DAY - MINUTE, 13, 11, 12, 0), // no volume: unchanged
        bar(SESSION + DAY, 21, 19, 20, 0), // new session, nothing traded yet
        bar(SESSION + DAY + MINUTE, 21, 18, 21, 50), // typical 20
      ],
      {},
    );
    expect(line(out, 'vwap')).toEqual([10, 10.75, 10.75, null, 20]);
  });
});
