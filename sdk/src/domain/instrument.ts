import type { Decimal } from './decimal.js';

export const ASSET_CLASSES = ['fx', 'crypto', 'equity', 'future', 'option', 'commodity', 'index'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** Stable id used in URLs, topics and storage, e.g. "EURUSD", "BTC-USD", "ESZ6". */
export type InstrumentId = string;

interface InstrumentBase {
  id: InstrumentId;
  assetClass: AssetClass;
  /** Human symbol shown in the UI, e.g. "EUR/USD". */
  symbol: string;
  description?: string;
  /** Smallest price increment. */
  tickSize: Decimal;
  /** Smallest quantity increment. */
  lotSize: Decimal;
  /** Smallest order quantity (defaults to one lot). */
  minQuantity?: Decimal;
  /** Decimal places shown for prices. */
  pricePrecision: number;
  /** Currency prices are quoted in. */
  currency: string;
  /** Value of one price unit per unit of quantity (futures: point value; spot: 1). */
  multiplier: Decimal;
  /** The instrument's symbol at each venue or source, by venue/source id. */
  venueSymbols: Record<string, string>;
  /** IANA time zone of the primary trading session, when there is one. */
  timeZone?: string;
}

export interface FxInstrument extends InstrumentBase {
  assetClass: 'fx';
  baseCurrency: string;
}
export interface CryptoInstrument extends InstrumentBase {
  assetClass: 'crypto';
  baseCurrency: string;
}
export interface EquityInstrument extends InstrumentBase {
  assetClass: 'equity';
  isin?: string;
  exchange?: string;
}
export interface IndexInstrument extends InstrumentBase {
  assetClass: 'index';
}
export interface CommodityInstrument extends InstrumentBase {
  assetClass: 'commodity';
  /** Physical unit of one quantity step, e.g. "troy oz". */
  unit?: string;
}
export interface FutureInstrument extends InstrumentBase {
  assetClass: 'future';
  underlying: string;
  /** Expiry as ISO date (YYYY-MM-DD). */
  expiry: string;
  /** Contract month code, e.g. "Z6". */
  contractMonth?: string;
}
export interface OptionInstrument extends InstrumentBase {
  assetClass: 'option';
  underlying: InstrumentId;
  expiry: string;
  strike: Decimal;
  right: 'call' | 'put';
  exercise: 'european' | 'american';
}

export type Instrument =
  | FxInstrument
  | CryptoInstrument
  | EquityInstrument
  | IndexInstrument
  | CommodityInstrument
  | FutureInstrument
  | OptionInstrument;

/** The symbol of an instrument at a venue or source, falling back to its id. */
export function venueSymbol(instrument: Instrument, venueOrSource: string): string {
  return instrument.venueSymbols[venueOrSource] ?? instrument.id;
}
