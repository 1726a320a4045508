import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';

const DAY_MS = 86_400_000;

export const vwapParams = z.object({});
export type VwapParams = z.output<typeof vwapParams>;

/**
 * Session VWAP: Σ(typical price × volume) / Σ volume since the start of the bar's UTC day, with the
 * typical price (high + low + close)/3. Null until the session has traded some volume.
 */
export const vwap = defineClassicIndicator<VwapParams>({
  id: 'vwap',
  name: 'VWAP',
  description: 'Volume-weighted average of the typical price, reset at the start of each UTC day',
  params: vwapParams,
  outputs: [{ key: 'vwap', shape: 'line', label: 'VWAP', pane: 'price' }],
  stepper() {
    let session: number | null = null;
    let priceVolume = 0;
    let volume = 0;
    return {
      step(bar, commit) {
        const day = Math.floor(bar.time / DAY_MS);
        const typical = (bar.high + bar.low + bar.close) / 3;
        const sameSession = day === session;
        const pv = (sameSession ? priceVolume : 0) + typical * bar.volume;
        const v = (sameSession ? volume : 0) + bar.volume;
        if (commit) {
          session = day;
          priceVolume = pv;
          volume = v;
        }
        return { vwap: v > 0 ? pv / v : null };
      },
    };
  },
});
