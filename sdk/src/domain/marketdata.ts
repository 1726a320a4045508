import type { Price, Quantity } from './decimal.js';
import type { InstrumentId } from './instrument.js';

/** Epoch milliseconds (UTC). */
export type Timestamp = number;

/** Every market-data message names the source that produced it (e.g. "demo", "cme"). */
interface MarketDataBase {
  instrument: InstrumentId;
  source: string;
  /** Event time at the source. */
  ts: Timestamp;
}

export interface Quote extends MarketDataBase {
  type: 'quote';
  bid: Price | null;
  bidSize: Quantity | null;
  ask: Price | null;
  askSize: Quantity | null;
}

export type Side = 'buy' | 'sell';
export type Aggressor = Side | 'unknown';

export interface Trade extends MarketDataBase {
  type: 'trade';
  price: Price;
  size: Quantity;
  aggressor: Aggressor;
  tradeId?: string;
}

export type BookSide = 'bid' | 'ask';

export interface L2Level {
  price: Price;
  size: Quantity;
  /** Number of orders at the level, when the source knows it. */
  orders?: number;
}

/** A change of one price level; size "0" deletes the level. */
export interface L2Change {
  side: BookSide;
  price: Price;
  size: Quantity;
  orders?: number;
}

/**
 * Aggregated depth. `seq` increases by one per message per (source, instrument);
 * a gap means a lost message and the consumer must ask for a snapshot.
 */
export interface L2Snapshot extends MarketDataBase {
  type: 'l2.snapshot';
  seq: number;
  bids: L2Level[];
  asks: L2Level[];
}
export interface L2Delta extends MarketDataBase {
  type: 'l2.delta';
  seq: number;
  changes: L2Change[];
}

/** Order-by-order depth. */
export type L3Action = 'add' | 'modify' | 'delete' | 'execute';
export interface L3Change {
  action: L3Action;
  orderId: string;
  side: BookSide;
  price: Price;
  /** Remaining size after the action (0 for delete); for execute, the size executed. */
  size: Quantity;
}
export interface L3Snapshot extends MarketDataBase {
  type: 'l3.snapshot';
  seq: number;
  orders: { orderId: string; side: BookSide; price: Price; size: Quantity }[];
}
export interface L3Delta extends MarketDataBase {
  type: 'l3.delta';
  seq: number;
  changes: L3Change[];
}

export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];
export const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** OHLCV bar; `ts` is the bar's open time, aligned to the timeframe. */
export interface Bar extends MarketDataBase {
  type: 'bar';
  tf: Timeframe;
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  volume: Quantity;
  /** False while the bar is still forming. */
  closed: boolean;
}

export type BookMessage = L2Snapshot | L2Delta | L3Snapshot | L3Delta;
export type MarketDataMessage = Quote | Trade | BookMessage | Bar;
export type MarketDataType = MarketDataMessage['type'];

/** Aligns a timestamp down to the start of its timeframe bucket (UTC). */
export function bucketStart(ts: Timestamp, tf: Timeframe): Timestamp {
  const size = TIMEFRAME_MS[tf];
  return Math.floor(ts / size) * size;
}
