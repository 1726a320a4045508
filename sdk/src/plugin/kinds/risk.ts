import type { z } from 'zod';
import type { Account, Position, TradingState } from '../../domain/account.js';
import type { Money, Price } from '../../domain/decimal.js';
import type { Instrument, InstrumentId } from '../../domain/instrument.js';
import type { Order, OrderRequest } from '../../domain/order.js';

/** What every rule may look at about an account: positions, marks, P&L, equity. */
export interface AccountRiskView {
  account: Account;
  /** Every position of the account (for exposure), signed quantities. */
  positions: readonly Position[];
  /** Reference price per instrument (last trade or mid), when known. */
  marks: Readonly<Record<InstrumentId, Price>>;
  instruments: Readonly<Record<InstrumentId, Instrument>>;
  /** Session P&L of the account, exact. */
  pnl: { realized: Money; unrealized: Money; fees: Money };
  /** startingEquity + realised + unrealised − fees. */
  equity: Money;
  now: number;
}

/** Everything a rule may look at for one order. Rules are pure: the same input gives the same verdict. */
export interface RiskCheckInput<L = Record<string, unknown>> extends AccountRiskView {
  /** A new order, or the whole order as it would be after a replace. */
  request: OrderRequest;
  action: 'new' | 'replace';
  instrument: Instrument;
  /** The account's position in this instrument (strategy-agnostic), or null. */
  position: Position | null;
  /** The account's working orders (excluding the one being replaced). */
  workingOrders: readonly Order[];
  /** Reference price of this instrument, if known. */
  referencePrice: Price | null;
  /** This rule's limits for the account, validated by `limits`; rules pass when a limit is unset. */
  limits: L;
  /** Times (epoch ms) of the account's recent order submissions, newest last. */
  recentOrderTimes: readonly number[];
}

export type VerdictValues = Record<string, string | number | boolean | null>;

export type RiskVerdict =
  | { pass: true }
  | {
      pass: false;
      /** Stable reason code, e.g. "MAX_ORDER_QTY". */
      code: string;
      reason: string;
      /** The values compared, for the audit trail and the trader. */
      compared: VerdictValues;
    };

/** What an account-level monitor demands (session loss cap): the account must be at least this restricted. */
export interface AccountStateVerdict {
  state: Exclude<TradingState, 'ACTIVE'>;
  code: string;
  reason: string;
  compared: VerdictValues;
}

/** `risk` kind, contributed to `risk-rules/v1`. */
export interface RiskRule<L = Record<string, unknown>> {
  /** Unique per host, e.g. "max-order-qty". */
  readonly id: string;
  readonly description: string;
  /** Schema of the rule's limits, as stored per account; `limits.parse({})` means "no limit set". */
  readonly limits: z.ZodType<L>;
  check(input: RiskCheckInput<L>): RiskVerdict;
  /** Continuous account check, run as marks and fills change; null when the account may stay as it is. */
  monitor?(view: AccountRiskView & { limits: L }): AccountStateVerdict | null;
}
