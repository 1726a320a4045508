import type { Execution } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { fillMarkers } from './paper-markers.js';

const fill = (id: string, side: 'buy' | 'sell', ts: number, price: string, quantity: string) =>
  ({ executionId: id, side, ts, price, quantity }) as unknown as Execution;

describe('paper fill markers', () => {
  it('puts each fill on the candle of its bar, buys below and sells above, oldest first', () => {
    const markers = fillMarkers(
      [fill('X2', 'sell', 300_500, '1.0870', '1000'), fill('X1', 'buy', 125_000, '1.0840', '2000')],
      60_000,
      { buy: 'green', sell: 'red' },
    );
    expect(markers).toEqual([
      {
        time: 120,
        position: 'belowBar',
        shape: 'arrowUp',
        color: 'green',
        text: 'B 2000 @ 1.0840',
        id: 'X1',
      },
      {
        time: 300,
        position: 'aboveBar',
        shape: 'arrowDown',
        color: 'red',
        text: 'S 1000 @ 1.0870',
        id: 'X2',
      },
    ]);
  });
});
