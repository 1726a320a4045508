/**
 * Exact formatting and arithmetic on the decimal strings the API sends ("1.0850").
 * Nothing here goes through binary floats.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Places after the point ("0.00001" → 5, "25" → 0). */
export function placesOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** Pads the fraction with zeros to at least `places`; never drops a digit. */
export function padDecimal(value: string, places: number): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  const width = Math.max(places, frac.length);
  return width === 0 ? `${sign}${int}` : `${sign}${int}.${frac.padEnd(width, '0')}`;
}

/** The value as an integer count of 10^-places (places ≥ the value's own places). */
export function toScaled(value: string, places: number): bigint {
  const m = DECIMAL.exec(value);
  if (!m) throw new Error(`not a decimal: ${value}`);
  const [, sign, int, frac = ''] = m;
  const digits = BigInt(`${int}${frac.padEnd(places, '0')}`);
  return sign ? -digits : digits;
}

export function fromScaled(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${negative ? '-' : ''}${int}${places > 0 ? `.${frac}` : ''}`;
}

/** a − b, exact. */
export function subtractDecimal(a: string, b: string): string {
  const places = Math.max(placesOf(a), placesOf(b));
  return fromScaled(toScaled(a, places) - toScaled(b, places), places);
}

/** How many `step`s fit in `value`, exact when whole, else to one decimal place. */
export function stepsOf(value: string, step: string): string {
  const places = Math.max(placesOf(value), placesOf(step));
  const v = toScaled(value, places);
  const s = toScaled(step, places);
  if (s === 0n) return '—';
  if (v % s === 0n) return (v / s).toString();
  return fromScaled((v * 10n) / s, 1);
}

/** Compact display of a size ("1250000" → "1.25M"); for bars and labels only. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(abs >= 100 ? 1 : abs >= 1 ? 2 : 4);
}
