import type { Account, Position } from '../../domain/account.js';
import type { Money, Price } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Order, OrderRequest } from '../../domain/order.js';

/** Everything a rule may look at. Rules are pure: the same input gives the same verdict. */
export interface RiskCheckInput {
  request: OrderRequest;
  instrument: Instrument;
  account: Account;
  position: Position | null;
  workingOrders: readonly Order[];
  /** Reference price for collars and notional (last trade or mid), if known. */
  referencePrice: Price | null;
  equity: Money;
  /** Limits configured for this rule and account, as stored. */
  limits: Record<string, unknown>;
  /** Orders this account sent recently (timestamps), for throttles. */
  recentOrderTimes: readonly number[];
  now: number;
}

export type RiskVerdict =
  | { pass: true }
  | {
      pass: false;
      /** Stable reason code, e.g. "MAX_ORDER_QTY". */
      code: string;
      reason: string;
      /** The values compared, for the audit trail and the trader. */
      compared: Record<string, string | number | boolean | null>;
    };

/** `risk` kind, contributed to `risk-rules/v1`. */
export interface RiskRule {
  readonly id: string;
  readonly description: string;
  check(input: RiskCheckInput): RiskVerdict;
}
