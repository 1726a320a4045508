import { computeSeries, extensionPoints, type IndicatorBar } from '@qmo/sdk';
import { startTestPlugin } from '@qmo/sdk/testing';
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
  it('registers its indicator with the host', async () => {
    const host = await startTestPlugin({ plugin });
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual(['__ID__']);
    await host.stop();
    expect(host.contributions(extensionPoints.indicators)).toEqual([]);
  });

  it('computes the rate of change after the look-back', () => {
    const values = computeSeries(__CAMEL__, __CAMEL__.params.parse({ period: 2 }), bars).map((o) => o.value);
    expect(values[0]).toBeNull();
    expect(values[1]).toBeNull();
    expect(values[2]).toBeCloseTo(1, 10); // 101 vs 100
    expect(values[4]).toBeCloseTo((100 * (110 - 101)) / 101, 10);
  });

  it('peek leaves the state as it was', () => {
    const instance = __CAMEL__.create(__CAMEL__.params.parse({ period: 1 }));
    instance.next(bars[0]!);
    const peeked = instance.peek(bars[1]!);
    expect(instance.next(bars[1]!)).toEqual(peeked);
  });
});
