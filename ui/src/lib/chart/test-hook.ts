import type { IndicatorPoint } from '@qmo/sdk';

/** What the chart tells end-to-end tests: items drawn per indicator instance and output, and their values. */
export interface ChartTestHook {
  drawn(): Record<string, Record<string, number>>;
  /** Per instance: computed in the browser or fetched from the host, and the series values drawn. */
  computed(): Record<string, { source: 'browser' | 'host'; points: IndicatorPoint[] }>;
}

type WithHook = typeof globalThis & { qmoChart?: ChartTestHook };

/** `window.qmoChart` while the chart is mounted. */
export function installChartHook(hook: ChartTestHook): () => void {
  (globalThis as WithHook).qmoChart = hook;
  return () => {
    if ((globalThis as WithHook).qmoChart === hook) delete (globalThis as WithHook).qmoChart;
  };
}
