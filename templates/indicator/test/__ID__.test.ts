import { computeSeries, type IndicatorBar } from '@qmo/sdk';
import {
  checkIndicatorContract,
  checkIndicatorParams,
  checkIndicatorPlugin,
  randomWalkBars,
} from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { __CAMEL__ } from '../src/index.js';

const bars: IndicatorBar[] = [100, 102, 101, 105, 110].map((close, i) => ({
  time: i * 60_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
}));

describe('__ID__', () => {
  it('registers its indicator with the host, described for the UI, and releases it when stopped', async () => {
    await checkIndicatorPlugin(plugin, ['__ID__']);
  });

  it('computes the rate of change after the look-back', () => {
    const values = computeSeries(__CAMEL__, __CAMEL__.params.parse({ period: 2 }), bars).map((o) => o.value);
    expect(values[0]).toBeNull();
    expect(values[1]).toBeNull();
    expect(values[2]).toBeCloseTo(1, 10); // 101 vs 100
    expect(values[4]).toBeCloseTo((100 * (110 - 101)) / 101, 10);
  });

  it('meets the indicator contract: peek changes nothing, no look-ahead, outputs finite, parameters form-ready', () => {
    checkIndicatorParams(__CAMEL__);
    for (const period of [1, 2, 10])
      checkIndicatorContract(__CAMEL__, randomWalkBars(200, { seed: period }), { period });
  });
});
