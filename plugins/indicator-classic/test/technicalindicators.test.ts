import type { BandValue } from '@qmo/sdk';
import { randomWalkBars } from '@qmo/sdk/testing';
import {
  ATR,
  AverageGain,
  AverageLoss,
  BollingerBands,
  EMA,
  MACD,
  RSI,
  SMA,
  TrueRange,
  VWAP,
  WEMA,
} from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { atr, bollinger, ema, macd, rsi, sma, vwap } from '../src/index.js';
import { expectClose, line } from './bars.js';

/**
 * Cross-check against the `technicalindicators` package (3.1.0) on 1 000 seeded 1-minute bars
 * (one UTC session, so its session-less VWAP is comparable), within 1e-9 relative.
 *
 * Conventions that differ, and how they are aligned:
 * - technicalindicators returns arrays without the warm-up; ours has nulls there. Aligned by index.
 * - Its RSI is rounded to 2 decimals. Compared exactly through its AverageGain/AverageLoss (same Wilder
 *   seeding), and against RSI itself within 0.005.
 * - Its ATR has no true range on the first bar (it needs a previous close), so its first ATR comes one
 *   bar later and is seeded from a different window. Ours follows Wilder/StockCharts/TradingView
 *   (TR = high − low on the first bar). Aligned by smoothing our TR series with its WEMA; its own
 *   ATR converges to ours once the seed is forgotten (checked from bar 400 on).
 */
const bars = randomWalkBars(1_000, { seed: 20_261_124 });
const closes = bars.map((b) => b.close);
const highs = bars.map((b) => b.high);
const lows = bars.map((b) => b.low);
const volumes = bars.map((b) => b.volume);

function compareTail(ours: (number | null)[], theirs: number[], name: string): void {
  const warmup = ours.length - theirs.length;
  expect(ours.slice(0, warmup).every((v) => v === null)).toBe(true);
  theirs.forEach((value, i) => {
    expectClose(ours[warmup + i], value, 1e-9, `${name}[${warmup + i}]`);
  });
}

describe('against technicalindicators 3.1.0', () => {
  it('SMA', () => {
    for (const period of [1, 5, 20, 200]) {
      const theirs = SMA.calculate({ period, values: closes });
      expect(theirs).toHaveLength(1_000 - period + 1);
      compareTail(line(sma.batch!(bars, { period }), 'sma'), theirs, `SMA(${period})`);
    }
  });

  it('EMA', () => {
    for (const period of [2, 9, 20, 200]) {
      const theirs = EMA.calculate({ period, values: closes });
      expect(theirs).toHaveLength(1_000 - period + 1);
      compareTail(line(ema.batch!(bars, { period }), 'ema'), theirs, `EMA(${period})`);
    }
  });

  it('RSI', () => {
    for (const period of [2, 14, 30]) {
      const ours = line(rsi.batch!(bars, { period, overbought: 70, oversold: 30 }), 'rsi');
      const gains = AverageGain.calculate({ period, values: closes });
      const losses = AverageLoss.calculate({ period, values: closes });
      const exact = gains.map((g, i) => {
        const l = losses[i]!;
        return l === 0 ? 100 : g === 0 ? 0 : 100 - 100 / (1 + g / l);
      });
      expect(exact).toHaveLength(1_000 - period);
      compareTail(ours, exact, `RSI(${period})`);
      const rounded = RSI.calculate({ period, values: closes });
      expect(rounded).toHaveLength(exact.length);
      rounded.forEach((value, i) => {
        expect(Math.abs(ours[period + i]! - value)).toBeLessThanOrEqual(0.005 + 1e-9);
      });
    }
  });

  it('MACD', () => {
    const params = { fast: 12, slow: 26, signal: 9 };
    const ours = macd.batch!(bars, params);
    const theirs = MACD.calculate({
      values: closes,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    expect(theirs).toHaveLength(1_000 - 26 + 1);
    compareTail(
      line(ours, 'macd'),
      theirs.map((t) => t.MACD!),
      'MACD',
    );
    const signals = theirs.filter((t) => t.signal !== undefined);
    expect(signals).toHaveLength(1_000 - 26 - 9 + 2);
    compareTail(
      line(ours, 'signal'),
      signals.map((t) => t.signal!),
      'signal',
    );
    compareTail(
      line(ours, 'histogram'),
      signals.map((t) => t.histogram!),
      'histogram',
    );
  });

  it('Bollinger Bands', () => {
    for (const [period, multiplier] of [
      [20, 2],
      [5, 1.5],
      [100, 3],
    ] as const) {
      const ours = bollinger.batch!(bars, { period, multiplier }).map((o) => o.bands as BandValue | null);
      const theirs = BollingerBands.calculate({ period, stdDev: multiplier, values: closes });
      expect(theirs).toHaveLength(1_000 - period + 1);
      compareTail(
        ours.map((b) => b?.upper ?? null),
        theirs.map((t) => t.upper),
        `upper(${period})`,
      );
      compareTail(
        ours.map((b) => b?.middle ?? null),
        theirs.map((t) => t.middle),
        `middle(${period})`,
      );
      compareTail(
        ours.map((b) => b?.lower ?? null),
        theirs.map((t) => t.lower),
        `lower(${period})`,
      );
      // the band width is where cancellation would show: compare it on its own scale
      theirs.forEach((t, i) => {
        const band = ours[period - 1 + i]!;
        expectClose(band.upper - band.lower, t.upper - t.lower, 1e-7, `width(${period})[${i}]`);
      });
    }
  });

  it('ATR', () => {
    for (const period of [3, 14]) {
      const ours = line(atr.batch!(bars, { period }), 'atr');
      const trueRanges = [
        highs[0]! - lows[0]!,
        ...TrueRange.calculate({ high: highs, low: lows, close: closes }),
      ];
      expect(trueRanges).toHaveLength(1_000);
      compareTail(ours, WEMA.calculate({ period, values: trueRanges }), `ATR(${period}) aligned`);
      const theirs = ATR.calculate({ period, high: highs, low: lows, close: closes });
      expect(theirs).toHaveLength(1_000 - period);
      theirs.forEach((value, i) => {
        if (period + i >= 400) expectClose(ours[period + i], value, 1e-9, `ATR(${period})[${period + i}]`);
      });
    }
  });

  it('VWAP (one session)', () => {
    const theirs = VWAP.calculate({ high: highs, low: lows, close: closes, volume: volumes });
    expect(theirs).toHaveLength(1_000);
    compareTail(line(vwap.batch!(bars, {}), 'vwap'), theirs, 'VWAP');
  });
});
