import type { Contribution, MarketDataManager, TradingEngine } from '@qmo/core';
import { atr, ema } from '@qmo/plugin-indicator-classic';
import {
  type Advisor,
  type Bar,
  dec,
  type Indicator,
  type Instrument,
  type Price,
  type RiskAssessment,
  TIMEFRAME_MS,
} from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { windowOf } from '../../src/advisors/advisor-window.js';
import { AssessmentTracker } from '../../src/advisors/assessment-tracker.js';
import type { PreparedAdvisor } from '../../src/advisors/prepared-advisor.js';
import type { PreparedIndicator } from '../../src/indicators/indicator-service.js';

const INSTRUMENT = {
  id: 'TEST',
  assetClass: 'index',
  symbol: 'TEST',
  tickSize: dec('0.01'),
  lotSize: dec('1'),
  pricePrecision: 2,
  currency: 'USD',
  multiplier: dec('1'),
  venueSymbols: {},
} as Instrument;

const FIVE = TIMEFRAME_MS['5m'];

/** Stored closed 5-minute bars of a deterministic zig-zag, served as the market-data manager would. */
function marketData(count: number): MarketDataManager {
  const price = (i: number) => dec(100 + ((i * 7) % 13)) as Price;
  const bars: Bar[] = Array.from({ length: count }, (_, i) => ({
    type: 'bar',
    instrument: INSTRUMENT.id,
    source: 'test',
    ts: i * FIVE,
    tf: '5m',
    open: price(i),
    high: dec(101 + ((i * 7) % 13)) as Price,
    low: dec(99 + ((i * 7) % 13)) as Price,
    close: price(i + 1),
    volume: dec('1'),
    closed: true,
  }));
  return {
    bars: async (_id: string, _tf: string, range: { from: number; to: number }) =>
      bars.filter((b) => b.ts >= range.from && b.ts < range.to),
  } as unknown as MarketDataManager;
}

const trading = {
  pnl: () => ({ accounts: [{ account: 'A1', equity: '100000' }], desks: [], strategies: [] }),
} as unknown as TradingEngine;

/** An advisor that returns what it was given: the bars seen and every indicator's last value. */
const echo: Advisor<Record<string, never>> = {
  id: 'echo',
  name: 'Echo',
  params: {} as never,
  requires: () => [],
  evaluate: (input) =>
    ({
      advisor: 'echo',
      instrument: input.instrument.id,
      tf: input.tf,
      ts: input.now,
      bias: 'flat',
      entry: null,
      stop: null,
      target: null,
      rewardRisk: null,
      confidence: 0,
      quantity: null,
      rationale: [],
      inputs: {
        bars: input.bars.length,
        first: input.bars[0]?.time ?? null,
        last: input.bars.at(-1)?.time ?? null,
        equity: input.account?.equity ?? null,
        values: Object.fromEntries(Object.entries(input.indicators).map(([k, v]) => [k, v.at(-1) ?? null])),
      },
    }) satisfies RiskAssessment,
};

const contribution = <T>(value: T): Contribution<T> => ({
  pluginId: 'test',
  pluginVersion: '1.0.0',
  value,
  fault: () => {},
});

function prepared(): PreparedAdvisor {
  const indicator = (key: string, i: Indicator<unknown>, params: unknown) => ({
    request: { key, indicator: i.id },
    prepared: { contribution: contribution(i), params } satisfies PreparedIndicator,
  });
  return {
    contribution: contribution(echo as Advisor<unknown>),
    params: {},
    instrument: INSTRUMENT,
    tf: '5m',
    account: 'A1',
    indicators: [
      indicator('ema', ema as Indicator<unknown>, { period: 3 }),
      indicator('atr', atr as Indicator<unknown>, { period: 2 }),
    ],
    riskPercent: 1,
  };
}

describe('assessment tracker', () => {
  it('fed bar by bar (across window periods) answers exactly what a fresh computation answers', async () => {
    const md = marketData(80);
    const live = new AssessmentTracker(prepared(), md, trading, 6);
    for (let asOf = 0; asOf <= 80 * FIVE; asOf += FIVE) {
      const streamed = await live.assess(asOf);
      const fresh = await new AssessmentTracker(prepared(), md, trading, 6).assess(asOf);
      expect(streamed).toEqual(fresh);
      const window = windowOf(asOf, '5m', 6);
      expect(streamed.inputs).toMatchObject({ equity: '100000' });
      expect(streamed.inputs).toMatchObject({
        bars: (window.to - window.from) / FIVE,
        last: window.to > window.from ? window.to - FIVE : null,
      });
    }
  });

  it('never sees a bar that had not closed by asOf, and going back in time starts again', async () => {
    const md = marketData(40);
    const tracker = new AssessmentTracker(prepared(), md, trading, 6);
    const asOf = 10 * FIVE + 150_000; // inside the bar opened at 10 × 5 min
    expect((await tracker.assess(asOf)).inputs.last).toBe(9 * FIVE);
    expect((await tracker.assess(18 * FIVE)).inputs.last).toBe(17 * FIVE);
    const back = await tracker.assess(asOf);
    expect(back).toEqual(await new AssessmentTracker(prepared(), md, trading, 6).assess(asOf));
  });
});
