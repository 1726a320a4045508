/** What the chart tells end-to-end tests: items drawn per indicator instance and output. */
export interface ChartTestHook {
  drawn(): Record<string, Record<string, number>>;
}

type WithHook = typeof globalThis & { qmoChart?: ChartTestHook };

/** `window.qmoChart` while the chart is mounted. */
export function installChartHook(hook: ChartTestHook): () => void {
  (globalThis as WithHook).qmoChart = hook;
  return () => {
    if ((globalThis as WithHook).qmoChart === hook) delete (globalThis as WithHook).qmoChart;
  };
}
