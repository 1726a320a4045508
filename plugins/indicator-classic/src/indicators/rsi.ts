import type { Level } from '@qmo/sdk';
import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { ExponentialAverage } from '../math/exponential-average.js';
import { periodParam } from '../params.js';

export const rsiParams = z
  .object({
    period: periodParam(14, 'Bars of Wilder smoothing of gains and losses'),
    overbought: z.number().min(50).max(100).default(70).describe('Upper guide level'),
    oversold: z.number().min(0).max(50).default(30).describe('Lower guide level'),
  })
  .refine((p) => p.oversold < p.overbought, {
    message: 'oversold must be below overbought',
    path: ['oversold'],
  });
export type RsiParams = z.output<typeof rsiParams>;

/**
 * Wilder's Relative Strength Index: 100 − 100/(1 + avgGain/avgLoss), both averages Wilder-smoothed
 * and seeded with the plain mean of the first N changes; the first value comes on bar N+1.
 * No losses gives 100, no gains (and some losses) 0, as in Wilder, TradingView and technicalindicators.
 */
export const rsi = defineClassicIndicator<RsiParams>({
  id: 'rsi',
  name: 'Relative Strength Index',
  description: "Wilder's RSI of the closes, 0–100",
  params: rsiParams,
  outputs: [
    { key: 'rsi', shape: 'line', label: 'RSI', pane: 'own' },
    { key: 'levels', shape: 'levels', label: 'Overbought / oversold', pane: 'own' },
  ],
  stepper({ period, overbought, oversold }) {
    const gains = ExponentialAverage.wilder(period);
    const losses = ExponentialAverage.wilder(period);
    let previous: number | null = null;
    const levels = (): Level[] => [
      { price: overbought, label: 'Overbought' },
      { price: oversold, label: 'Oversold' },
    ];
    return {
      step(bar, commit) {
        if (previous === null) {
          if (commit) previous = bar.close;
          return { rsi: null, levels: levels() };
        }
        const change = bar.close - previous;
        const gain = gains.step(Math.max(change, 0), commit);
        const loss = losses.step(Math.max(-change, 0), commit);
        if (commit) previous = bar.close;
        if (gain === null || loss === null) return { rsi: null, levels: levels() };
        const value = loss === 0 ? 100 : gain === 0 ? 0 : 100 - 100 / (1 + gain / loss);
        return { rsi: value, levels: levels() };
      },
    };
  },
});
