import type { IChartApi, MouseEventParams, Time } from 'lightweight-charts';
import type { ReplayDriver } from './replay-driver.svelte.js';

/** While a start is being picked, a click on a candle starts replay there. */
export function pickStartOnClick(chart: IChartApi, driver: ReplayDriver): () => void {
  const handler = (param: MouseEventParams<Time>) => {
    if (driver.state.mode !== 'arming' || typeof param.time !== 'number') return;
    void driver.startAt(param.time * 1000);
  };
  chart.subscribeClick(handler);
  return () => chart.unsubscribeClick(handler);
}
