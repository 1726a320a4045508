import type { Money, Price, Quantity } from './decimal.js';
import type { InstrumentId } from './instrument.js';
import type { Side, Timestamp } from './marketdata.js';

export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIME_IN_FORCE = ['DAY', 'GTC', 'IOC', 'FOK', 'GTD'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

export const ORDER_STATES = [
  'PendingNew',
  'New',
  'PartiallyFilled',
  'Filled',
  'PendingCancel',
  'Canceled',
  'PendingReplace',
  'Replaced',
  'Rejected',
  'Expired',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const FINAL_ORDER_STATES: ReadonlySet<OrderState> = new Set(['Filled', 'Canceled', 'Replaced', 'Rejected', 'Expired']);

export type AccountId = string;

export interface OrderRequest {
  clientOrderId: string;
  account: AccountId;
  instrument: InstrumentId;
  side: Side;
  type: OrderType;
  quantity: Quantity;
  limitPrice?: Price;
  stopPrice?: Price;
  timeInForce: TimeInForce;
  /** For GTD. */
  expireAt?: Timestamp;
  /** Iceberg: the quantity shown on the book. */
  displayQuantity?: Quantity;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Free tag for grouping positions and P&L by strategy. */
  strategy?: string;
}

export interface Order extends OrderRequest {
  orderId: string;
  venue: string;
  state: OrderState;
  cumQuantity: Quantity;
  leavesQuantity: Quantity;
  avgPrice: Price | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  rejectReason?: { code: string; text: string };
}

export interface Execution {
  executionId: string;
  orderId: string;
  clientOrderId: string;
  account: AccountId;
  instrument: InstrumentId;
  side: Side;
  price: Price;
  quantity: Quantity;
  fee: Money;
  feeCurrency: string;
  liquidity: 'maker' | 'taker' | 'unknown';
  venue: string;
  ts: Timestamp;
}
