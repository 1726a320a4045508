import type { OutputValue } from '@qmo/sdk';

/** Most whitespace bars the time scale is extended by, whatever the drawings ask for. */
export const MAX_FUTURE_BARS = 3000;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

function timesOf(item: unknown): number[] {
  if (!isRecord(item)) return [];
  const out: number[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  };
  add(item.time);
  for (const k of ['at', 'from', 'to', 'anchor', 'through'])
    if (isRecord(item[k])) add((item[k] as Record<string, unknown>).time);
  return out;
}

/** The latest time (epoch ms) any item of a drawing list refers to, or null. */
export function latestTimeOf(value: OutputValue | undefined): number | null {
  if (!Array.isArray(value)) return null;
  let latest: number | null = null;
  for (const item of value) for (const t of timesOf(item)) if (latest === null || t > latest) latest = t;
  return latest;
}

/**
 * Bar times (epoch ms) after the last candle up to `horizon`, one per timeframe, so the time scale
 * reaches future drawings: lightweight-charts places nothing past its last time point.
 */
export function futureTimes(lastMs: number | null, horizonMs: number | null, tfMs: number): number[] {
  if (lastMs === null || horizonMs === null || horizonMs <= lastMs || tfMs <= 0) return [];
  const count = Math.min(MAX_FUTURE_BARS, Math.ceil((horizonMs - lastMs) / tfMs) + 1);
  return Array.from({ length: count }, (_, i) => lastMs + (i + 1) * tfMs);
}
