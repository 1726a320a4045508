import { dec, type Instrument } from '@qmo/sdk';

/** The instruments of the demo market, with realistic contract specifications. */
export const DEMO_INSTRUMENTS: readonly Instrument[] = Object.freeze([
  {
    id: 'EURUSD',
    assetClass: 'fx',
    symbol: 'EUR/USD',
    description: 'Euro / US Dollar spot',
    baseCurrency: 'EUR',
    currency: 'USD',
    tickSize: dec('0.00001'),
    lotSize: dec('1000'),
    minQuantity: dec('1000'),
    pricePrecision: 5,
    multiplier: dec('1'),
    venueSymbols: { demo: 'EUR/USD', sim: 'EURUSD' },
  },
  {
    id: 'BTC-USD',
    assetClass: 'crypto',
    symbol: 'BTC/USD',
    description: 'Bitcoin / US Dollar',
    baseCurrency: 'BTC',
    currency: 'USD',
    tickSize: dec('0.01'),
    lotSize: dec('0.00001'),
    minQuantity: dec('0.00001'),
    pricePrecision: 2,
    multiplier: dec('1'),
    venueSymbols: { demo: 'BTC/USD', sim: 'BTCUSD' },
  },
  {
    id: 'ESZ6',
    assetClass: 'future',
    symbol: 'ES Dec26',
    description: 'E-mini S&P 500 future, December 2026',
    underlying: 'SPX',
    expiry: '2026-12-18',
    contractMonth: 'Z6',
    currency: 'USD',
    tickSize: dec('0.25'),
    lotSize: dec('1'),
    minQuantity: dec('1'),
    pricePrecision: 2,
    multiplier: dec('50'),
    venueSymbols: { demo: 'ESZ6', sim: 'ESZ6' },
    timeZone: 'America/Chicago',
  },
  {
    id: 'XAUUSD',
    assetClass: 'commodity',
    symbol: 'XAU/USD',
    description: 'Gold spot, US Dollars per troy ounce',
    unit: 'troy oz',
    currency: 'USD',
    tickSize: dec('0.01'),
    lotSize: dec('1'),
    minQuantity: dec('1'),
    pricePrecision: 2,
    multiplier: dec('1'),
    venueSymbols: { demo: 'XAU/USD', sim: 'XAUUSD' },
  },
  {
    id: 'SPX',
    assetClass: 'index',
    symbol: 'SPX',
    description: 'S&P 500 index',
    currency: 'USD',
    tickSize: dec('0.01'),
    lotSize: dec('1'),
    pricePrecision: 2,
    multiplier: dec('1'),
    venueSymbols: { demo: 'SPX', sim: 'SPX' },
    timeZone: 'America/New_York',
  },
  {
    id: 'AAPL',
    assetClass: 'equity',
    symbol: 'AAPL',
    description: 'Apple Inc. common stock',
    isin: 'US0378331005',
    exchange: 'XNAS',
    currency: 'USD',
    tickSize: dec('0.01'),
    lotSize: dec('1'),
    minQuantity: dec('1'),
    pricePrecision: 2,
    multiplier: dec('1'),
    venueSymbols: { demo: 'AAPL', sim: 'AAPL' },
    timeZone: 'America/New_York',
  },
] satisfies Instrument[]);

export const DEMO_INSTRUMENT_IDS = ['EURUSD', 'BTC-USD', 'ESZ6', 'XAUUSD', 'SPX', 'AAPL'] as const;
export type DemoInstrumentId = (typeof DEMO_INSTRUMENT_IDS)[number];

/**
 * The instruments a feed with this source id offers (copies; `venueSymbols` gains the source id
 * when it is not "demo", so the symbol at the configured source is always known).
 */
export function demoInstruments(source: string, only?: readonly string[]): Instrument[] {
  return DEMO_INSTRUMENTS.filter((i) => !only || only.includes(i.id)).map((instrument) => {
    const demoSymbol = instrument.venueSymbols.demo ?? instrument.id;
    return {
      ...instrument,
      venueSymbols: { ...instrument.venueSymbols, [source]: instrument.venueSymbols[source] ?? demoSymbol },
    };
  });
}
