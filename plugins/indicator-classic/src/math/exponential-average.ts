/**
 * Exponential moving average seeded with the simple average of its first `period` values
 * (the convention of Appel's EMA and Wilder's smoothing as StockCharts, TradingView and most libraries use).
 * `alpha` = 2/(period+1) gives the EMA, 1/period Wilder's smoothing (RMA).
 */
export class ExponentialAverage {
  private value: number | null = null;
  private count = 0;
  private seedSum = 0;

  constructor(
    readonly period: number,
    private readonly alpha: number,
  ) {}

  static ema(period: number): ExponentialAverage {
    return new ExponentialAverage(period, 2 / (period + 1));
  }

  static wilder(period: number): ExponentialAverage {
    return new ExponentialAverage(period, 1 / period);
  }

  step(input: number, commit: boolean): number | null {
    if (this.value !== null) {
      const value = (input - this.value) * this.alpha + this.value;
      if (commit) this.value = value;
      return value;
    }
    const count = this.count + 1;
    const seedSum = this.seedSum + input;
    const value = count === this.period ? seedSum / this.period : null;
    if (commit) {
      this.count = count;
      this.seedSum = seedSum;
      this.value = value;
    }
    return value;
  }
}
