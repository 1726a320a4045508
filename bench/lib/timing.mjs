/** Timing and summary statistics. Benchmarks measure; nothing here judges a figure. */

/** Monotonic nanoseconds as a bigint. */
export const nowNs = () => process.hrtime.bigint();

/** Milliseconds elapsed since `startNs` (a `nowNs()` value), as a float. */
export const msSince = (startNs) => Number(process.hrtime.bigint() - startNs) / 1e6;

/** Runs `fn` once and returns `{ ms, value }`, timed with process.hrtime.bigint. */
export function time(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Awaits `fn()` and returns `{ ms, value }`. */
export async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const min = (values) => (values.length === 0 ? Number.NaN : Math.min(...values));
export const max = (values) => (values.length === 0 ? Number.NaN : Math.max(...values));

/** `{ median, min, max, runs }` of a list of samples. */
export function summarize(values) {
  return { median: median(values), min: min(values), max: max(values), runs: values.length };
}

/**
 * Collects garbage when node runs with --expose-gc, so one run's garbage is not billed to the next:
 * a full collection, or with `minor` only the young generation (enough after a run that kept nothing).
 */
export function collectGarbage(minor = false) {
  if (typeof globalThis.gc !== 'function') return;
  if (minor) globalThis.gc({ type: 'minor' });
  else globalThis.gc();
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
