import type { RiskVerdictRecord } from '@qmo/core';
import { type Account, dec, type Execution, type Order } from '@qmo/sdk';

export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

export const desk = { id: 'fx-desk', name: 'FX Desk' };

export const account: Account = {
  id: 'acc-1',
  name: 'Alpha Fund',
  desk: desk.id,
  currency: 'USD',
  startingEquity: dec('1000000.25'),
  tradingState: 'ACTIVE',
};

/** A fully populated limit order (every optional field set), changeable by `overrides`. */
export function fullOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord-1',
    clientOrderId: 'cl-1',
    account: account.id,
    instrument: 'EURUSD',
    side: 'buy',
    type: 'stop-limit',
    quantity: dec('1000000'),
    limitPrice: dec('1.08505'),
    stopPrice: dec('1.085'),
    timeInForce: 'GTD',
    expireAt: T0 + 86_400_000,
    displayQuantity: dec('100000'),
    postOnly: false,
    reduceOnly: true,
    strategy: 'mean-revert',
    venue: 'sim',
    venueOrderId: 'V-77',
    state: 'PartiallyFilled',
    cumQuantity: dec('250000'),
    leavesQuantity: dec('750000'),
    avgPrice: dec('1.08502'),
    submittedBy: 'user-1',
    createdAt: T0,
    updatedAt: T0 + 5,
    rejectReason: {
      source: 'risk',
      code: 'MAX_NOTIONAL',
      text: 'too big',
      rule: 'risk-limits/max-notional@1.0.0',
    },
    replacedBy: 'ord-2',
    replaces: 'ord-0',
    ...overrides,
  };
}

/** A market order with no optional field set. */
export function minimalOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord-m',
    clientOrderId: 'cl-m',
    account: account.id,
    instrument: 'BTC-USD',
    side: 'sell',
    type: 'market',
    quantity: dec('0.00000001'),
    timeInForce: 'IOC',
    venue: 'sim',
    state: 'PendingNew',
    cumQuantity: dec('0'),
    leavesQuantity: dec('0.00000001'),
    avgPrice: null,
    submittedBy: 'apikey:k1',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function execution(overrides: Partial<Execution> = {}): Execution {
  return {
    executionId: 'exec-1',
    orderId: 'ord-1',
    clientOrderId: 'cl-1',
    account: account.id,
    instrument: 'EURUSD',
    side: 'buy',
    price: dec('1.08502'),
    quantity: dec('250000'),
    fee: dec('-0.0000012345678901234567890123'),
    feeCurrency: 'USD',
    liquidity: 'maker',
    venue: 'sim',
    ts: T0 + 3,
    ...overrides,
  };
}

export function verdict(overrides: Partial<RiskVerdictRecord> = {}): RiskVerdictRecord {
  return {
    orderId: 'ord-1',
    clientOrderId: 'cl-1',
    account: account.id,
    rule: 'risk-limits/max-notional@1.0.0',
    pass: false,
    code: 'MAX_NOTIONAL',
    reason: 'notional 1085050 > 1000000',
    compared: { notional: '1085050', limit: '1000000', exact: true, missing: null, n: 3 },
    ts: T0,
    ...overrides,
  };
}

/** Every message in an error's cause chain (drizzle wraps the driver's error). */
export function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, i = 0; e instanceof Error && i < 5; e = e.cause, i++) parts.push(e.message);
  return parts.join(' <- ');
}
