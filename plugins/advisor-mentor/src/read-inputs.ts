import type { AdvisorInput, IndicatorOutput, Level } from '@qmo/sdk';
import { KEYS } from './requests.js';

/** The indicator values Mentor decides on, read at the last closed bar. */
export interface MentorReadings {
  /** Open time of the last closed bar. */
  barTime: number;
  close: number;
  emaFast: number | null;
  emaSlow: number | null;
  /** The slow EMA `slopeBars` bars earlier. */
  emaSlowBefore: number | null;
  rsi: number | null;
  atr: number | null;
  /** Square of 9 levels at the last bar; null when indicator-gann did not answer. */
  gannLevels: number[] | null;
}

const lineAt = (
  series: readonly IndicatorOutput[] | undefined,
  key: string,
  index: number,
): number | null => {
  const value = index >= 0 ? series?.[index]?.[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const levelsAt = (series: readonly IndicatorOutput[] | undefined, index: number): number[] | null => {
  const value = series?.[index]?.levels;
  if (!Array.isArray(value)) return null;
  return (value as Level[])
    .map((level) => level.price)
    .filter((price) => Number.isFinite(price))
    .sort((a, b) => a - b);
};

/** Reads the last bar's values of every requested indicator; absent inputs read as null. */
export function readInputs(input: AdvisorInput, slopeBars: number): MentorReadings | null {
  const last = input.bars.length - 1;
  const bar = input.bars[last];
  if (!bar) return null;
  const { indicators } = input;
  return {
    barTime: bar.time,
    close: bar.close,
    emaFast: lineAt(indicators[KEYS.emaFast], 'ema', last),
    emaSlow: lineAt(indicators[KEYS.emaSlow], 'ema', last),
    emaSlowBefore: lineAt(indicators[KEYS.emaSlow], 'ema', last - slopeBars),
    rsi: lineAt(indicators[KEYS.rsi], 'rsi', last),
    atr: lineAt(indicators[KEYS.atr], 'atr', last),
    gannLevels: indicators[KEYS.gann] ? levelsAt(indicators[KEYS.gann], last) : null,
  };
}
