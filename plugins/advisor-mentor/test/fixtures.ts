import {
  type AdvisorInput,
  dec,
  type IndicatorBar,
  type IndicatorOutput,
  type Instrument,
  type Money,
} from '@qmo/sdk';

export const EURUSD: Instrument = {
  id: 'EURUSD',
  assetClass: 'fx',
  symbol: 'EUR/USD',
  baseCurrency: 'EUR',
  tickSize: dec('0.00001'),
  lotSize: dec('1000'),
  pricePrecision: 5,
  currency: 'USD',
  multiplier: dec('1'),
  venueSymbols: {},
};

export const ESZ6: Instrument = {
  id: 'ESZ6',
  assetClass: 'future',
  symbol: 'ES Dec 26',
  underlying: 'SPX',
  expiry: '2026-12-18',
  tickSize: dec('0.25'),
  lotSize: dec('1'),
  pricePrecision: 2,
  currency: 'USD',
  multiplier: dec('50'),
  venueSymbols: {},
};

/** One value per bar for each series; the last entries are what Mentor reads. */
export interface Series {
  closes: number[];
  emaFast?: (number | null)[];
  emaSlow?: (number | null)[];
  rsi?: (number | null)[];
  atr?: (number | null)[];
  gann?: number[][];
}

const MINUTE = 60_000;

/** An advisor input from plain series: bars around the closes, indicator outputs by request key. */
export function inputOf(
  instrument: Instrument,
  s: Series,
  account: { equity: string; riskPercent: number } | null = null,
): AdvisorInput {
  const bars: IndicatorBar[] = s.closes.map((close, i) => ({
    time: i * MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
  const line = (key: string, values: (number | null)[] | undefined): IndicatorOutput[] | undefined =>
    values?.map((v) => ({ [key]: v }));
  const indicators: Record<string, IndicatorOutput[]> = {};
  const add = (k: string, v: IndicatorOutput[] | undefined) => {
    if (v) indicators[k] = v;
  };
  add('emaFast', line('ema', s.emaFast));
  add('emaSlow', line('ema', s.emaSlow));
  add('rsi', line('rsi', s.rsi));
  add('atr', line('atr', s.atr));
  add(
    'gann',
    s.gann?.map((levels) => ({ levels: levels.map((price) => ({ price })), cardinal: [], ordinal: [] })),
  );
  return {
    instrument,
    tf: '1m',
    bars,
    indicators,
    account: account ? { equity: account.equity as Money, riskPercent: account.riskPercent } : null,
    now: s.closes.length * MINUTE,
  };
}
