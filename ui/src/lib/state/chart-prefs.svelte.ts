import type { Timeframe } from '@qmo/sdk';
import { loadJson, saveJson } from './persist.js';

/** The timeframes offered as buttons. */
export const CHART_TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const satisfies readonly Timeframe[];
export type ChartTimeframe = (typeof CHART_TIMEFRAMES)[number];

const KEY = 'qmo.ui.timeframe';
const isTimeframe = (v: unknown): v is ChartTimeframe => (CHART_TIMEFRAMES as readonly unknown[]).includes(v);

class ChartPrefs {
  tf = $state<ChartTimeframe>(loadJson<ChartTimeframe>(KEY, '1m', isTimeframe));

  setTimeframe(tf: ChartTimeframe): void {
    this.tf = tf;
    saveJson(KEY, tf);
  }
}

export const chartPrefs = new ChartPrefs();
