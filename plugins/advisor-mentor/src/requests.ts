import type { IndicatorRequest } from '@qmo/sdk';
import type { MentorParams } from './params.js';

/** Request keys of the indicators Mentor reads. */
export const KEYS = {
  emaFast: 'emaFast',
  emaSlow: 'emaSlow',
  rsi: 'rsi',
  atr: 'atr',
  gann: 'gann',
} as const;

/** The indicators the host computes for Mentor: only those of the inputs in use. */
export function mentorRequests(p: MentorParams): IndicatorRequest[] {
  const requests: IndicatorRequest[] = [];
  if (p.trendWeight > 0) {
    requests.push({ key: KEYS.emaFast, indicator: 'ema', params: { period: p.emaFast } });
    requests.push({ key: KEYS.emaSlow, indicator: 'ema', params: { period: p.emaSlow } });
  }
  if (p.momentumWeight > 0)
    requests.push({ key: KEYS.rsi, indicator: 'rsi', params: { period: p.rsiPeriod } });
  requests.push({ key: KEYS.atr, indicator: 'atr', params: { period: p.atrPeriod } });
  if (p.gann) {
    requests.push({
      key: KEYS.gann,
      indicator: 'gann-sq9',
      params: { reference: 'lastClose', priceScale: p.gannPriceScale },
      optional: true,
    });
  }
  return requests;
}
