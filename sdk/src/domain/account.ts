import type { Money, Price, Quantity } from './decimal.js';
import type { InstrumentId } from './instrument.js';
import type { AccountId } from './order.js';

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface Account {
  id: AccountId;
  name: string;
  desk: string;
  currency: string;
  tradingState: TradingState;
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
