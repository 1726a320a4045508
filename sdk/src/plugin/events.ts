import type { Account, Position } from '../domain/account.js';
import type { InstrumentId } from '../domain/instrument.js';
import type { Bar, BookMessage, Quote, Trade } from '../domain/marketdata.js';
import type { Execution, Order } from '../domain/order.js';
import type { PluginKind } from './manifest.js';

export type PluginState =
  | 'discovered'
  | 'refused'
  | 'loaded'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'quarantined';

export interface PluginStateChange {
  id: string;
  version: string;
  kind: PluginKind | null;
  state: PluginState;
  error?: { code: string; message: string };
}

export interface SourceChange {
  instrument: InstrumentId;
  from: string | null;
  to: string | null;
  reason: 'initial' | 'stale' | 'error' | 'failback' | 'removed' | 'recovered';
  ts: number;
}

/** The typed topics of the in-process event bus. */
export interface QmoEvents {
  'marketdata.quote': Quote;
  'marketdata.trade': Trade;
  'marketdata.book': BookMessage;
  /** A bar forming (closed=false) or closed. */
  'marketdata.bar': Bar;
  'marketdata.source': SourceChange;
  'plugin.state': PluginStateChange;
  /** An order was created or changed state (after the change is durable). */
  'order.updated': Order;
  /** A fill (after it is durable). */
  'execution.created': Execution;
  'position.updated': Position;
  /** An account's trading state changed (ACTIVE / REDUCING / HALTED). */
  'account.state': Account;
}
export type QmoTopic = keyof QmoEvents;
