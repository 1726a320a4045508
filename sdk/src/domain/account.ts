import type { Money, Price, Quantity } from './decimal.js';
import type { InstrumentId } from './instrument.js';
import type { AccountId } from './order.js';

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface Desk {
  id: string;
  name: string;
}

export interface Account {
  id: AccountId;
  name: string;
  desk: string;
  currency: string;
  /** Cash balance at the start of the session; equity = this + realised + unrealised P&L − fees. */
  startingEquity: Money;
  tradingState: TradingState;
  /** Why the account is not ACTIVE. */
  stateReason?: { code: string; text: string; since: number };
}

export interface Position {
  account: AccountId;
  instrument: InstrumentId;
  strategy?: string;
  /** Signed: positive long, negative short. */
  quantity: Quantity;
  avgPrice: Price | null;
  realizedPnl: Money;
  unrealizedPnl: Money;
  fees: Money;
}
