import type { DemoInstrumentId } from './instruments.js';

/** How one instrument behaves in the synthetic market. Prices in ticks, quantities in lots. */
export interface MarketModel {
  /** Price the long-run path hovers around. */
  basePrice: number;
  /** Typical relative move over one day (e.g. 0.01 = 1 %). */
  dailyVolatility: number;
  /** Usual bid/ask spread, in ticks (≥ 1). */
  spreadTicks: number;
  /** Distance between book levels behind the top, in ticks. */
  levelStepTicks: number;
  /** Typical size of a book level, in lots. */
  levelLots: number;
  /** Typical size of a trade, in lots. */
  tradeLots: number;
  /** Typical traded volume per minute, in lots. */
  minuteVolumeLots: number;
  /** Chance of a trade on each live tick. */
  tradeProbability: number;
  /**
   * Moves with another instrument's path (same relative moves, scaled to `basePrice`), e.g. a future
   * and its index; the ratio of the base prices is the premium (carry) of the follower.
   */
  follows?: DemoInstrumentId;
}

export const MARKET_MODELS: Readonly<Record<DemoInstrumentId, MarketModel>> = Object.freeze({
  // lot = 1 000 EUR
  EURUSD: {
    basePrice: 1.08,
    dailyVolatility: 0.005,
    spreadTicks: 2,
    levelStepTicks: 1,
    levelLots: 2_000,
    tradeLots: 500,
    minuteVolumeLots: 40_000,
    tradeProbability: 0.4,
  },
  // lot = 0.00001 BTC
  'BTC-USD': {
    basePrice: 95_000,
    dailyVolatility: 0.025,
    spreadTicks: 50,
    levelStepTicks: 100,
    levelLots: 100_000,
    tradeLots: 20_000,
    minuteVolumeLots: 1_500_000,
    tradeProbability: 0.5,
  },
  // lot = 1 contract; tracks SPX with a carry premium of 1.5 % (about eleven months to expiry)
  ESZ6: {
    basePrice: 6_090,
    dailyVolatility: 0.01,
    spreadTicks: 1,
    levelStepTicks: 1,
    levelLots: 150,
    tradeLots: 8,
    minuteVolumeLots: 1_200,
    tradeProbability: 0.6,
    follows: 'SPX',
  },
  // lot = 1 troy oz
  XAUUSD: {
    basePrice: 2_650,
    dailyVolatility: 0.01,
    spreadTicks: 20,
    levelStepTicks: 5,
    levelLots: 1_000,
    tradeLots: 200,
    minuteVolumeLots: 8_000,
    tradeProbability: 0.4,
  },
  SPX: {
    basePrice: 6_000,
    dailyVolatility: 0.01,
    spreadTicks: 10,
    levelStepTicks: 5,
    levelLots: 500,
    tradeLots: 50,
    minuteVolumeLots: 3_000,
    tradeProbability: 0.3,
  },
  // lot = 1 share
  AAPL: {
    basePrice: 230,
    dailyVolatility: 0.016,
    spreadTicks: 1,
    levelStepTicks: 1,
    levelLots: 800,
    tradeLots: 100,
    minuteVolumeLots: 30_000,
    tradeProbability: 0.5,
  },
});
