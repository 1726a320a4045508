/**
 * Gann angles as "price × time": a×b moves `a` units of price every `b` bars, one unit of price
 * being the fan's `pricePerBar`. So 1×1 is the 45° line of a squared chart, 2×1 is steeper, 1×2 flatter.
 */
export interface FanRatio {
  label: string;
  price: number;
  bars: number;
}

export const FAN_RATIOS: readonly FanRatio[] = Object.freeze(
  (
    [
      [1, 8],
      [1, 4],
      [1, 3],
      [1, 2],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [8, 1],
    ] as const
  ).map(([price, bars]) => Object.freeze({ label: `${price}×${bars}`, price, bars })),
);
