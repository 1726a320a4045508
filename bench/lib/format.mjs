/** Number formatting shared by the console table and the Markdown output. */

/** 1234567 → "1,234,567"; keeps up to `digits` significant digits for small values. */
export function formatNumber(value, digits = 3) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1e-3)
    return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return value.toExponential(Math.max(0, digits - 1));
}

/** Rates as "12.3 M/s", "456 k/s" or "789 /s". */
export function formatRate(perSecond) {
  if (perSecond === null || perSecond === undefined || Number.isNaN(perSecond)) return '—';
  if (perSecond >= 1e6) return `${formatNumber(perSecond / 1e6)} M/s`;
  if (perSecond >= 1e3) return `${formatNumber(perSecond / 1e3)} k/s`;
  return `${formatNumber(perSecond)} /s`;
}

/** Milliseconds as "12.3 s", "456 ms" or "78.9 µs". */
export function formatMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms >= 10_000) return `${formatNumber(ms / 1000)} s`;
  if (ms >= 1) return `${formatNumber(ms)} ms`;
  return `${formatNumber(ms * 1000)} µs`;
}

/** Absolute differences: "0", "3.6e-15", "0.005". */
export function formatDelta(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  return value < 1e-3 ? value.toExponential(1) : formatNumber(value);
}
