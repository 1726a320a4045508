import { describe, expect, it } from 'vitest';
import {
  defaultQuantity,
  emptyForm,
  estimateNotional,
  type OrderForm,
  orderFlags,
  parseUtcInput,
  summarizeOrder,
  type TicketInstrument,
  toUtcInput,
  touchPrice,
  validateOrder,
} from './order-form.js';

const eurusd: TicketInstrument = {
  id: 'EURUSD',
  symbol: 'EUR/USD',
  tickSize: '0.00001',
  lotSize: '1000',
  minQuantity: '10000',
  multiplier: '1',
  currency: 'USD',
  pricePrecision: 5,
};
const es: TicketInstrument = {
  id: 'ESZ6',
  tickSize: '0.25',
  lotSize: '1',
  multiplier: '50',
  currency: 'USD',
  pricePrecision: 2,
};
const NOW = Date.parse('2026-03-02T12:00:00Z');
const ctx = { accounts: ['ACC-1', 'ACC-2'], now: NOW };
const form = (over: Partial<OrderForm>): OrderForm => ({ ...emptyForm('ACC-1', '100000'), ...over });

describe('order form validation', () => {
  it('builds a limit order with only the fields that apply', () => {
    const v = validateOrder(form({ limitPrice: '1.08500', stopPrice: '1.2' }), eurusd, ctx);
    expect(v.errors).toEqual({});
    expect(v.request).toEqual({
      account: 'ACC-1',
      instrument: 'EURUSD',
      side: 'buy',
      type: 'limit',
      quantity: '100000',
      limitPrice: '1.085',
      timeInForce: 'DAY',
    });
  });

  it('builds a market order without prices', () => {
    const v = validateOrder(
      form({ type: 'market', side: 'sell', limitPrice: '1', strategy: ' mm-1 ' }),
      eurusd,
      ctx,
    );
    expect(v.request).toEqual({
      account: 'ACC-1',
      instrument: 'EURUSD',
      side: 'sell',
      type: 'market',
      quantity: '100000',
      timeInForce: 'DAY',
      strategy: 'mm-1',
    });
  });

  it('checks the lot grid, the minimum and the sign of the quantity', () => {
    expect(validateOrder(form({ quantity: '10500', limitPrice: '1' }), eurusd, ctx).errors.quantity).toMatch(
      /lot size 1000/,
    );
    expect(validateOrder(form({ quantity: '5000', limitPrice: '1' }), eurusd, ctx).errors.quantity).toMatch(
      /at least 10000/,
    );
    expect(validateOrder(form({ quantity: '-1000', limitPrice: '1' }), eurusd, ctx).errors.quantity).toMatch(
      /greater than 0/,
    );
    expect(validateOrder(form({ quantity: '1e5', limitPrice: '1' }), eurusd, ctx).errors.quantity).toMatch(
      /number/,
    );
    expect(validateOrder(form({ quantity: '', limitPrice: '1' }), eurusd, ctx).errors.quantity).toMatch(
      /required/,
    );
  });

  it('needs the prices the type uses, on the tick grid', () => {
    expect(validateOrder(form({ limitPrice: '' }), eurusd, ctx).errors).toEqual({
      limitPrice: 'limit price is required',
    });
    expect(validateOrder(form({ limitPrice: '1.085001' }), eurusd, ctx).errors.limitPrice).toMatch(
      /tick size 0.00001/,
    );
    const stopLimit = validateOrder(form({ type: 'stop-limit', limitPrice: '1.1' }), eurusd, ctx);
    expect(Object.keys(stopLimit.errors)).toEqual(['stopPrice']);
    const stop = validateOrder({ ...emptyForm('ACC-1', '2'), type: 'stop', stopPrice: '5000.25' }, es, ctx);
    expect(stop.request).toMatchObject({ type: 'stop', stopPrice: '5000.25' });
    expect(stop.request).not.toHaveProperty('limitPrice');
    expect(
      validateOrder({ ...emptyForm('ACC-1', '2'), type: 'stop', stopPrice: '5000.3' }, es, ctx).errors
        .stopPrice,
    ).toMatch(/0.25/);
  });

  it('knows the account list', () => {
    expect(validateOrder(form({ account: '', limitPrice: '1' }), eurusd, ctx).errors.account).toBeDefined();
    expect(validateOrder(form({ account: 'OTHER', limitPrice: '1' }), eurusd, ctx).errors.account).toMatch(
      /not granted/,
    );
  });

  it('needs a future expiry for GTD and reads it as UTC', () => {
    expect(validateOrder(form({ limitPrice: '1', timeInForce: 'GTD' }), eurusd, ctx).errors.expireAt).toMatch(
      /expiry/,
    );
    expect(
      validateOrder(form({ limitPrice: '1', timeInForce: 'GTD', expireAt: '2026-03-01T10:00' }), eurusd, ctx)
        .errors.expireAt,
    ).toMatch(/past/);
    const ok = validateOrder(
      form({ limitPrice: '1', timeInForce: 'GTD', expireAt: '2026-03-02T16:30' }),
      eurusd,
      ctx,
    );
    expect(ok.request?.expireAt).toBe(Date.parse('2026-03-02T16:30:00Z'));
    // An expiry typed while the TIF was GTD is not sent once the TIF changes.
    const day = validateOrder(form({ limitPrice: '1', expireAt: '2026-03-02T16:30' }), eurusd, ctx);
    expect(day.request).not.toHaveProperty('expireAt');
  });

  it('checks the advanced fields', () => {
    const ice = validateOrder(
      form({ limitPrice: '1', displayQuantity: '20000', postOnly: true, reduceOnly: true }),
      eurusd,
      ctx,
    );
    expect(ice.request).toMatchObject({ displayQuantity: '20000', postOnly: true, reduceOnly: true });
    expect(
      validateOrder(form({ limitPrice: '1', displayQuantity: '200000' }), eurusd, ctx).errors.displayQuantity,
    ).toMatch(/exceed/);
    expect(
      validateOrder(form({ type: 'market', displayQuantity: '20000' }), eurusd, ctx).errors.displayQuantity,
    ).toBeDefined();
    expect(
      validateOrder(form({ type: 'market', postOnly: true }), eurusd, ctx).errors.postOnly,
    ).toBeDefined();
    expect(
      validateOrder(form({ limitPrice: '1', postOnly: true, timeInForce: 'IOC' }), eurusd, ctx).errors
        .postOnly,
    ).toMatch(/IOC/);
    expect(
      validateOrder(form({ limitPrice: '1', strategy: 'x'.repeat(65) }), eurusd, ctx).errors.strategy,
    ).toBeDefined();
  });

  it('defaults the quantity to the minimum, else one lot', () => {
    expect(defaultQuantity(eurusd)).toBe('10000');
    expect(defaultQuantity({ ...es, lotSize: '0.0010' })).toBe('0.001');
  });

  it('round-trips UTC datetime inputs', () => {
    expect(parseUtcInput('2026-03-02T16:30')).toBe(Date.parse('2026-03-02T16:30:00Z'));
    expect(parseUtcInput('2026-03-02T16:30:15')).toBe(Date.parse('2026-03-02T16:30:15Z'));
    expect(parseUtcInput('tomorrow')).toBeNull();
    expect(toUtcInput(Date.parse('2026-03-02T16:30:15Z'))).toBe('2026-03-02T16:30');
  });
});

describe('notional and summary', () => {
  const touch = { bid: '1.08498', ask: '1.08502', last: '1.085' };

  it('values a limit order at its price, a market order at the touch, exactly', () => {
    expect(estimateNotional(form({ limitPrice: '1.08501' }), eurusd, touch)).toEqual({
      value: '108501',
      price: '1.08501',
      basis: 'limit',
    });
    expect(estimateNotional(form({ type: 'market', quantity: '30000' }), eurusd, touch)?.value).toBe(
      '32550.6',
    );
    expect(
      estimateNotional(form({ type: 'market', side: 'sell', quantity: '30000' }), eurusd, touch)?.value,
    ).toBe('32549.4');
    expect(
      estimateNotional({ ...emptyForm('A', '3'), type: 'stop', stopPrice: '5000.25' }, es, touch)?.value,
    ).toBe('750037.5');
    expect(estimateNotional(form({ limitPrice: '' }), eurusd, touch)).toBeNull();
    expect(
      estimateNotional(form({ type: 'market' }), eurusd, { bid: null, ask: null, last: null }),
    ).toBeNull();
  });

  it('takes the far touch for each side', () => {
    expect(touchPrice('buy', touch)).toBe('1.08502');
    expect(touchPrice('sell', touch)).toBe('1.08498');
    expect(touchPrice('buy', { bid: '1', ask: null, last: null })).toBe('1');
    expect(touchPrice('sell', { bid: null, ask: null, last: '2' })).toBe('2');
  });

  it('summarizes the request for the confirmation', () => {
    const v = validateOrder(
      form({
        type: 'stop-limit',
        stopPrice: '1.086',
        limitPrice: '1.0862',
        timeInForce: 'GTD',
        expireAt: '2026-03-03T09:00',
      }),
      eurusd,
      ctx,
    );
    expect(summarizeOrder(v.request!, eurusd)).toBe(
      'BUY 100,000 EUR/USD STP LMT stop 1.08600 limit 1.08620 GTD',
    );
    expect(orderFlags(v.request!)).toEqual(['expires 2026-03-03 09:00 UTC']);
  });
});

describe('display', async () => {
  const { fmtPrice, fmtQty, fmtSignedQty, shortId } = await import('./display.js');
  it('pads prices and groups quantities', () => {
    expect(fmtPrice('1.085', eurusd)).toBe('1.08500');
    expect(fmtPrice(null, eurusd)).toBe('—');
    expect(fmtQty('100000', eurusd)).toBe('100,000');
    expect(fmtQty('0.5', { lotSize: '0.001' })).toBe('0.500');
    expect(fmtSignedQty('2500', es)).toBe('+2,500');
    expect(fmtSignedQty('-3', es)).toBe('-3');
    expect(fmtSignedQty('0', es)).toBe('0');
    expect(shortId('0b5f0d3e-8d1a-4c7e-9a55-2f9b1c1d1e1f')).toBe('0b5f0d3e…');
    expect(shortId('ORD-12')).toBe('ORD-12');
  });
});
