import { describe, expect, it } from 'vitest';
import { maxOrderNotional } from '../src/index.js';
import { verdictTable } from './table.js';

verdictTable(maxOrderNotional, [
  { name: 'no limit set', limits: {}, input: { order: { quantity: '1000' } }, pass: true },
  {
    name: 'no limit set and no price: passes',
    limits: {},
    input: { order: { type: 'market' }, referencePrice: null },
    pass: true,
  },
  {
    name: 'ESZ6: 2 × 6000 × 50 equal to the maximum',
    limits: { maxNotional: '600000' },
    input: { order: { quantity: '2', limitPrice: '6000' } },
    pass: true,
  },
  {
    name: 'ESZ6: 2 × 6000 × 50 above the maximum',
    limits: { maxNotional: '599999.99' },
    input: { order: { quantity: '2', limitPrice: '6000' } },
    code: 'MAX_ORDER_NOTIONAL',
    compared: {
      instrument: 'ESZ6',
      quantity: '2',
      price: '6000',
      priceSource: 'limitPrice',
      multiplier: '50',
      notional: '600000',
      maxNotional: '599999.99',
      currency: 'USD',
    },
  },
  {
    name: 'exact decimals: 3 × 0.1 equal to 0.3',
    limits: { maxNotional: '0.3' },
    input: { instrument: 'BTC-USD', order: { quantity: '3', limitPrice: '0.1' } },
    pass: true,
  },
  {
    name: 'exact decimals: 3000 EUR at 1.1 equal to 3300',
    limits: { maxNotional: '3300' },
    input: { instrument: 'EURUSD', order: { quantity: '3000', limitPrice: '1.1' } },
    pass: true,
  },
  {
    name: 'exact decimals: 3000 EUR at 1.10001 above 3300',
    limits: { maxNotional: '3300' },
    input: { instrument: 'EURUSD', order: { quantity: '3000', limitPrice: '1.10001' } },
    code: 'MAX_ORDER_NOTIONAL',
    compared: { notional: '3300.03' },
  },
  {
    name: 'market order valued at the reference price',
    limits: { maxNotional: '500000' },
    input: { order: { type: 'market', quantity: '2' }, referencePrice: '6000' },
    code: 'MAX_ORDER_NOTIONAL',
    compared: { price: '6000', priceSource: 'referencePrice', notional: '600000' },
  },
  {
    name: 'stop order valued at its stop price',
    limits: { maxNotional: '590000' },
    input: { order: { type: 'stop', side: 'sell', quantity: '2', stopPrice: '5900' } },
    pass: true,
  },
  {
    name: 'stop order above the maximum at its stop price',
    limits: { maxNotional: '589999.75' },
    input: { order: { type: 'stop', side: 'sell', quantity: '2', stopPrice: '5900' } },
    code: 'MAX_ORDER_NOTIONAL',
    compared: { priceSource: 'stopPrice', price: '5900', notional: '590000' },
  },
  {
    name: 'stop-limit order valued at its limit price',
    limits: { maxNotional: '600000' },
    input: { order: { type: 'stop-limit', quantity: '2', stopPrice: '5990', limitPrice: '6000.25' } },
    code: 'MAX_ORDER_NOTIONAL',
    compared: { priceSource: 'limitPrice', notional: '600025' },
  },
  {
    name: 'market order without reference price: fails closed',
    limits: { maxNotional: '1000000' },
    input: { order: { type: 'market' }, referencePrice: null },
    code: 'NO_REFERENCE_PRICE',
    compared: { instrument: 'ESZ6', orderType: 'market' },
  },
  {
    name: 'limit order without reference price: priced at its limit',
    limits: { maxNotional: '1000000' },
    input: { order: { limitPrice: '6000' }, referencePrice: null },
    pass: true,
  },
  {
    name: 'per-instrument override',
    limits: { maxNotional: '10000000', perInstrument: { 'BTC-USD': '50000' } },
    input: { instrument: 'BTC-USD', order: { quantity: '1', limitPrice: '65000' } },
    code: 'MAX_ORDER_NOTIONAL',
    compared: { notional: '65000', maxNotional: '50000', limitScope: 'instrument' },
  },
  {
    name: 'per-instrument override: equal passes',
    limits: { maxNotional: '1', perInstrument: { 'BTC-USD': '32500' } },
    input: { instrument: 'BTC-USD', order: { quantity: '0.5', limitPrice: '65000' } },
    pass: true,
  },
]);

describe('max-order-notional arithmetic', () => {
  it('would get the 0.1 × 3 row wrong in binary floats', () => {
    expect(0.1 * 3 > 0.3).toBe(true);
    expect(3000 * 1.1 > 3300).toBe(true);
  });
});
