import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { ExponentialAverage } from '../math/exponential-average.js';
import { periodParam } from '../params.js';

export const macdParams = z
  .object({
    fast: periodParam(12, 'Bars of the fast EMA'),
    slow: periodParam(26, 'Bars of the slow EMA', 2),
    signal: periodParam(9, 'Bars of the EMA of the MACD line'),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });
export type MacdParams = z.output<typeof macdParams>;

/**
 * Appel's MACD: EMA(fast) − EMA(slow) of the close (from the bar the slow EMA is ready), its signal
 * line EMA(signal) of the MACD line, and the histogram MACD − signal. EMAs are seeded with SMAs.
 */
export const macd = defineClassicIndicator<MacdParams>({
  id: 'macd',
  name: 'MACD',
  description: 'Moving Average Convergence/Divergence: fast EMA − slow EMA, signal line and histogram',
  params: macdParams,
  outputs: [
    { key: 'macd', shape: 'line', label: 'MACD', pane: 'own' },
    { key: 'signal', shape: 'line', label: 'Signal', pane: 'own' },
    { key: 'histogram', shape: 'histogram', label: 'Histogram', pane: 'own' },
  ],
  stepper(params) {
    const fast = ExponentialAverage.ema(params.fast);
    const slow = ExponentialAverage.ema(params.slow);
    const signal = ExponentialAverage.ema(params.signal);
    return {
      step(bar, commit) {
        const f = fast.step(bar.close, commit);
        const s = slow.step(bar.close, commit);
        if (f === null || s === null) return { macd: null, signal: null, histogram: null };
        const line = f - s;
        const trigger = signal.step(line, commit);
        return { macd: line, signal: trigger, histogram: trigger === null ? null : line - trigger };
      },
    };
  },
});
