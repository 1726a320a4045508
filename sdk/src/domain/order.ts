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
export const FINAL_ORDER_STATES: ReadonlySet<OrderState> = new Set([
  'Filled',
  'Canceled',
  'Replaced',
  'Rejected',
  'Expired',
]);

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

/** Why an order was refused, by whom: stable codes the trader, the API and FIX all see. */
export interface RejectReason {
  source: 'validation' | 'risk' | 'venue' | 'oms';
  code: string;
  text: string;
  /** For risk rejects: the rule as `pluginId/ruleId@version`. */
  rule?: string;
}

export interface Order extends OrderRequest {
  orderId: string;
  venue: string;
  venueOrderId?: string;
  state: OrderState;
  cumQuantity: Quantity;
  leavesQuantity: Quantity;
  avgPrice: Price | null;
  /** Who sent it: a user id, an API key id or a FIX session. */
  submittedBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  rejectReason?: RejectReason;
  /** For Replaced orders: the order that replaced it; for replacements: the order replaced. */
  replacedBy?: string;
  replaces?: string;
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
