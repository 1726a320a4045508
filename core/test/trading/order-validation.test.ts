import { type Decimal, InvalidArgumentError, type OrderRequest } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { validateOrderRequest } from '../../src/index.js';
import { BTC, ES, request, T0 } from './helpers.js';

const NOW = T0;

function failure(overrides: Record<string, unknown>, instrument = ES): InvalidArgumentError {
  const r = { ...request(), ...overrides } as OrderRequest;
  for (const [k, v] of Object.entries(overrides))
    if (v === undefined) delete (r as unknown as Record<string, unknown>)[k];
  try {
    validateOrderRequest(r, r.instrument === instrument.id ? instrument : undefined, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be refused`);
}

describe('validateOrderRequest', () => {
  it('accepts a valid limit order and returns it normalised (canonical decimals, known fields only)', () => {
    const r = {
      ...request({ quantity: '5.0' as never, limitPrice: '5000.50' as never }),
      extra: 'x',
    } as OrderRequest;
    const valid = validateOrderRequest(r, ES, NOW);
    expect(valid.quantity).toBe('5');
    expect(valid.limitPrice).toBe('5000.5');
    expect('extra' in valid).toBe(false);
  });

  it.each([
    ['market order', { type: 'market', limitPrice: undefined }],
    ['stop order', { type: 'stop', limitPrice: undefined, stopPrice: '4990' }],
    ['stop-limit order', { type: 'stop-limit', limitPrice: '4989.75', stopPrice: '4990' }],
    ['GTD in the future', { timeInForce: 'GTD', expireAt: NOW + 60_000 }],
    ['iceberg', { displayQuantity: '2' }],
    ['post-only limit DAY', { postOnly: true, timeInForce: 'DAY' }],
    ['IOC limit', { timeInForce: 'IOC' }],
    ['reduce-only with a strategy', { reduceOnly: true, strategy: 'mm' }],
    ['negative price on the grid (spreads)', { limitPrice: '-1.25' }],
  ])('accepts a %s', (_name, overrides) => {
    const r = { ...request(), ...overrides } as OrderRequest;
    for (const [k, v] of Object.entries(overrides))
      if (v === undefined) delete (r as unknown as Record<string, unknown>)[k];
    expect(() => validateOrderRequest(r, ES, NOW)).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, string, RegExp?]>([
    ['missing clientOrderId', { clientOrderId: '' }, 'clientOrderId'],
    ['missing account', { account: '' }, 'account'],
    ['unknown instrument', { instrument: 'NOPE' }, 'instrument', /unknown instrument/],
    ['bad side', { side: 'short' }, 'side'],
    ['bad type', { type: 'iceberg' }, 'type'],
    ['bad time in force', { timeInForce: 'GTX' }, 'timeInForce'],
    ['quantity not a decimal', { quantity: 5 }, 'quantity', /exact decimal/],
    ['quantity in exponent form', { quantity: '1e3' }, 'quantity'],
    ['quantity zero', { quantity: '0' }, 'quantity', /greater than 0/],
    ['quantity negative', { quantity: '-1' }, 'quantity', /greater than 0/],
    ['quantity off the lot grid', { quantity: '1.5' }, 'quantity', /lot size 1/],
    ['limit price missing on a limit order', { limitPrice: undefined }, 'limitPrice', /required/],
    [
      'limit price missing on a stop-limit order',
      { type: 'stop-limit', limitPrice: undefined, stopPrice: '1' },
      'limitPrice',
    ],
    ['limit price off the tick grid', { limitPrice: '5000.1' }, 'limitPrice', /tick size 0.25/],
    ['limit price on a market order', { type: 'market' }, 'limitPrice', /no limit price/],
    ['limit price on a stop order', { type: 'stop', stopPrice: '1' }, 'limitPrice'],
    ['stop price missing on a stop order', { type: 'stop', limitPrice: undefined }, 'stopPrice', /required/],
    ['stop price missing on a stop-limit order', { type: 'stop-limit' }, 'stopPrice'],
    ['stop price off the tick grid', { type: 'stop-limit', stopPrice: '4990.3' }, 'stopPrice', /tick size/],
    ['stop price on a limit order', { stopPrice: '4990' }, 'stopPrice', /no stop price/],
    ['GTD without expireAt', { timeInForce: 'GTD' }, 'expireAt', /required/],
    ['GTD in the past', { timeInForce: 'GTD', expireAt: NOW - 1 }, 'expireAt', /future/],
    ['GTD expiring now', { timeInForce: 'GTD', expireAt: NOW }, 'expireAt', /future/],
    ['expireAt on a GTC order', { expireAt: NOW + 1000 }, 'expireAt', /only a GTD/],
    ['display quantity above the quantity', { displayQuantity: '6' }, 'displayQuantity', /not exceed/],
    ['display quantity off the lot grid', { displayQuantity: '1.5' }, 'displayQuantity', /lot size/],
    ['display quantity zero', { displayQuantity: '0' }, 'displayQuantity', /greater than 0/],
    [
      'post-only market order',
      { type: 'market', limitPrice: undefined, postOnly: true },
      'postOnly',
      /only a limit/,
    ],
    ['post-only stop-limit order', { type: 'stop-limit', stopPrice: '4990', postOnly: true }, 'postOnly'],
    ['post-only IOC', { postOnly: true, timeInForce: 'IOC' }, 'postOnly', /IOC/],
    ['post-only FOK', { postOnly: true, timeInForce: 'FOK' }, 'postOnly', /FOK/],
    ['postOnly not a boolean', { postOnly: 'yes' }, 'postOnly'],
    ['reduceOnly not a boolean', { reduceOnly: 1 }, 'reduceOnly'],
    ['empty strategy', { strategy: '' }, 'strategy'],
  ])('refuses %s, naming the field', (_name, overrides, field, message) => {
    const error = failure(overrides);
    expect(error.details.field).toBe(field);
    expect(error.code).toBe('QMO_INVALID_ARGUMENT');
    if (message) expect(error.message).toMatch(message);
  });

  it('checks the minimum quantity and a fractional lot', () => {
    const btc = { instrument: BTC.id, limitPrice: '65000.01' as Decimal };
    expect(() =>
      validateOrderRequest({ ...request(btc), quantity: '0.002' } as OrderRequest, BTC, NOW),
    ).not.toThrow();
    expect(failure({ ...btc, quantity: '0.001' }, BTC).message).toMatch(/at least 0.002/);
    expect(failure({ ...btc, quantity: '0.0025' }, BTC).details.field).toBe('quantity');
  });
});
