/** mulberry32: a small seeded PRNG, uniform in [0, 1). Same seed, same sequence, on every machine. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a uniform source. */
export function normalFrom(uniform) {
  return () => {
    let u = 0;
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/**
 * A seeded OHLCV random walk of 1-minute bars in the SDK's IndicatorBar shape
 * ({ time, open, high, low, close, volume }, floats): log-normal steps of `volatility` per bar,
 * highs and lows a little outside the open/close range.
 */
export function randomWalkBars(
  count,
  { seed = 20240101, start = 100, volatility = 0.001, startTime = Date.UTC(2024, 0, 1) } = {},
) {
  const uniform = mulberry32(seed);
  const normal = normalFrom(uniform);
  const bars = new Array(count);
  let close = start;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = open * Math.exp(volatility * normal());
    const high = Math.max(open, close) * (1 + 0.5 * volatility * Math.abs(normal()));
    const low = Math.min(open, close) * (1 - 0.5 * volatility * Math.abs(normal()));
    bars[i] = {
      time: startTime + i * 60_000,
      open,
      high,
      low,
      close,
      volume: Math.round(100 + 900 * uniform()),
    };
  }
  return bars;
}
