import { type Bar, dec, type Timeframe } from '@qmo/sdk';

/** 2026-01-05T10:00:00Z, a Monday. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0);
export const MIN = 60_000;

export function bar(
  instrument: string,
  minute: number,
  ohlcv: [string, string, string, string, string],
  source = 'demo',
): Bar {
  const [open, high, low, close, volume] = ohlcv;
  return {
    type: 'bar',
    instrument,
    source,
    ts: T0 + minute * MIN,
    tf: '1m',
    open: dec(open),
    high: dec(high),
    low: dec(low),
    close: dec(close),
    volume: dec(volume),
    closed: true,
  };
}

/** EUR/USD minutes 10:00–10:10 (10:06 and 10:08 missing) and 11:00, 11:04, given out of order. */
export const eurusd: Bar[] = [
  bar('EURUSD', 64, ['1.0940', '1.0941', '1.0700', '1.0701', '6']),
  bar('EURUSD', 2, ['1.0865', '1.0866', '1.0840', '1.0841', '1.5']),
  bar('EURUSD', 0, ['1.0850', '1.0860', '1.0845', '1.0855', '0.1']),
  bar('EURUSD', 9, ['1.0872', '1.0875', '1.0801', '1.0802', '5'], 'backup'),
  bar('EURUSD', 1, ['1.0855', '1.0870', '1.0850', '1.0865', '0.2']),
  bar('EURUSD', 3, ['1.0841', '1.0849', '1.0839', '1.0848', '2']),
  bar('EURUSD', 10, ['1.0802', '1.0810', '1.0800', '1.0805', '1']),
  bar('EURUSD', 4, ['1.0848', '1.0852', '1.0846', '1.0851', '3.25']),
  bar('EURUSD', 7, ['1.0879', '1.0881', '1.0870', '1.0872', '0.000001']),
  bar('EURUSD', 60, ['1.0900', '1.0950', '1.0890', '1.0940', '4']),
  bar('EURUSD', 5, ['1.0851', '1.0880', '1.0851', '1.0879', '10']),
];

/** Another instrument at the same times, which must never leak into EURUSD's bars. */
export const btcusd: Bar[] = [
  bar('BTC-USD', 0, ['90000', '99999', '1', '95000', '1000']),
  bar('BTC-USD', 5, ['95000', '95001', '94000', '94500', '1000']),
  bar('BTC-USD', 60, ['94500', '94600', '94400', '94550', '1000']),
];

type Expected = [
  minute: number,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
  source?: string,
];

/** Bars of `tf` as the store should return them, computed by hand from `eurusd`. */
export function expected(tf: Timeframe, rows: Expected[]): Bar[] {
  return rows.map(([minute, open, high, low, close, volume, source]) => ({
    type: 'bar',
    instrument: 'EURUSD',
    source: source ?? 'demo',
    ts: T0 + minute * MIN,
    tf,
    open: dec(open),
    high: dec(high),
    low: dec(low),
    close: dec(close),
    volume: dec(volume),
    closed: true,
  }));
}

export const eurusd5m = expected('5m', [
  [0, '1.085', '1.087', '1.0839', '1.0851', '7.05'],
  [5, '1.0851', '1.0881', '1.0801', '1.0802', '15.000001', 'backup'],
  [10, '1.0802', '1.081', '1.08', '1.0805', '1'],
  [60, '1.09', '1.095', '1.07', '1.0701', '10'],
]);

export const eurusd1h = expected('1h', [
  [0, '1.085', '1.0881', '1.08', '1.0805', '23.050001'],
  [60, '1.09', '1.095', '1.07', '1.0701', '10'],
]);

export const eurusd1d = expected('1d', [[-600, '1.085', '1.095', '1.07', '1.0701', '33.050001']]);
