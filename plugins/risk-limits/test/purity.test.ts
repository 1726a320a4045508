import type { RiskCheckInput, RiskRule } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { riskLimitRules } from '../src/index.js';
import { deepFreeze, type InputOptions, makeInput, workingOrder } from './helpers.js';

/** Limits under which each rule has something to check (and rejects some of the scenarios below). */
const LIMITS: Record<string, unknown> = {
  'max-order-qty': { maxQuantity: '5', perInstrument: { EURUSD: '1000000' } },
  'max-order-notional': { maxNotional: '250000' },
  'price-collar': { maxDeviationPercent: 1, requireReference: true },
  'max-position': { maxPosition: '4' },
  'gross-exposure': { maxGrossExposure: '1500000' },
  'net-exposure': { maxNetExposure: '500000' },
  'order-rate': { maxOrders: 3 },
  'restricted-instruments': { assetClasses: ['crypto', 'fx'], allowReducing: true },
  margin: { initialMarginPercent: { fx: 3.33, crypto: 50, future: 5 } },
  'session-loss-cap': { maxLoss: '5000', onBreach: 'HALTED' },
};

const SCENARIOS: Record<string, InputOptions> = {
  'small ESZ6 buy': {},
  'large ESZ6 buy into a long, with working orders': {
    positions: [
      ['ESZ6', '3'],
      ['EURUSD', '-1000000'],
    ],
    workingOrders: [
      workingOrder({ instrument: 'ESZ6', side: 'buy', quantity: '2' }),
      workingOrder({ instrument: 'EURUSD', side: 'sell', quantity: '500000' }),
    ],
    order: { quantity: '6', limitPrice: '6100' },
    recentOrderTimes: [
      Date.UTC(2026, 10, 24, 14, 29, 59, 500),
      Date.UTC(2026, 10, 24, 14, 29, 59, 900),
    ].concat(Date.UTC(2026, 10, 24, 14, 30, 0)),
  },
  'BTC sell reducing a long, losing session': {
    instrument: 'BTC-USD',
    positions: [['BTC-USD', '1']],
    order: { side: 'sell', quantity: '0.5', limitPrice: '64000' },
    pnl: { realized: '-6000', unrealized: '-250.5', fees: '12.25' },
  },
  'market order without any price': { order: { type: 'market' }, referencePrice: null, marks: {} },
  'EURUSD stop-limit far from the reference': {
    instrument: 'EURUSD',
    order: { type: 'stop-limit', side: 'sell', quantity: '2000000', stopPrice: '1.05', limitPrice: '1.049' },
    equity: '50000',
    pnl: { realized: '-7000' },
  },
};

const cases = riskLimitRules.flatMap((rule) =>
  Object.entries(SCENARIOS).map(([name, options]) => [`${rule.id}: ${name}`, rule, options] as const),
);

describe('rules are pure', () => {
  it.each(cases)('%s', (_name, rule, options) => {
    // biome-ignore lint/suspicious/noExplicitAny: rules with different limit types
    const typed = rule as RiskRule<any>;
    const input: RiskCheckInput<unknown> = {
      ...makeInput(options),
      limits: typed.limits.parse(LIMITS[rule.id]),
    };
    const snapshot = structuredClone(input);
    deepFreeze(input);
    const first = typed.check(input);
    const second = typed.check(input);
    expect(second).toEqual(first);
    expect(input).toEqual(snapshot);
    if (typed.monitor) {
      const { request: _r, action: _a, instrument: _i, position: _p, workingOrders: _w, ...view } = input;
      expect(typed.monitor(view)).toEqual(typed.monitor(view));
      expect(input).toEqual(snapshot);
    }
  });

  it('the scenarios exercise both verdicts for every rule', () => {
    for (const rule of riskLimitRules) {
      const verdicts = Object.values(SCENARIOS).map(
        (options) => rule.check({ ...makeInput(options), limits: rule.limits.parse(LIMITS[rule.id]) }).pass,
      );
      expect(verdicts, rule.id).toContain(true);
      expect(verdicts, rule.id).toContain(false);
    }
  });
});
