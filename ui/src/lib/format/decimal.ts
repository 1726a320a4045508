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

/** True for a plain decimal string: optional minus, digits, optional fraction ("1.0850", "-2"). */
export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

/** a + b, exact. */
export function addDecimal(a: string, b: string): string {
  const places = Math.max(placesOf(a), placesOf(b));
  return fromScaled(toScaled(a, places) + toScaled(b, places), places);
}

/** a × b, exact (the places add up). */
export function multiplyDecimal(a: string, b: string): string {
  const pa = placesOf(a);
  const pb = placesOf(b);
  return fromScaled(toScaled(a, pa) * toScaled(b, pb), pa + pb);
}

/** −1, 0 or 1 as a is below, equal to or above b; exact. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const places = Math.max(placesOf(a), placesOf(b));
  const d = toScaled(a, places) - toScaled(b, places);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function negateDecimal(a: string): string {
  return fromScaled(-toScaled(a, placesOf(a)), placesOf(a));
}

export function isZeroDecimal(a: string): boolean {
  return toScaled(a, placesOf(a)) === 0n;
}

/** Σ values, exact ("0" for none). */
export function sumDecimals(values: Iterable<string>): string {
  let total = '0';
  for (const v of values) total = addDecimal(total, v);
  return total;
}

/** Divides a scaled integer by 10^drop, rounding half to even. */
function roundScaled(value: bigint, drop: number): bigint {
  if (drop <= 0) return value * 10n ** BigInt(-drop);
  const unit = 10n ** BigInt(drop);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let q = abs / unit;
  const r = abs % unit;
  const twice = r * 2n;
  if (twice > unit || (twice === unit && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** The value rounded to `places` (half to even, as the SDK rounds for reporting), with exactly that many places. */
export function roundDecimal(value: string, places: number): string {
  const own = placesOf(value);
  return fromScaled(roundScaled(toScaled(value, own), own - places), places);
}

/** a ÷ b rounded to `places` (half to even), exact up to that rounding; null when b is zero. For display only. */
export function divideDecimal(a: string, b: string, places: number): string | null {
  const pa = placesOf(a);
  const pb = placesOf(b);
  const den = toScaled(b, pb);
  if (den === 0n) return null;
  // a/b = (A/10^pa)/(B/10^pb) = A·10^pb / (B·10^pa); two guard digits, then round half-even.
  const guard = places + 2;
  let num = toScaled(a, pa) * 10n ** BigInt(pb + guard);
  let d = den * 10n ** BigInt(pa);
  if (d < 0n) {
    d = -d;
    num = -num;
  }
  // Truncation keeps the sign of the quotient; a non-zero remainder nudges the last guard digit away
  // from an exact half so that half-even sees "more than half" correctly.
  let q = num / d;
  if (num % d !== 0n) q = q * 10n + (num < 0n ? -1n : 1n);
  else q *= 10n;
  return fromScaled(roundScaled(q, 3), places);
}

/** Strips trailing fraction zeros: "1.2500" → "1.25", "3.000" → "3", "-0.0" → "0". */
export function normalizeDecimal(value: string): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [, sign, int = '0', frac = ''] = m;
  const f = frac.replace(/0+$/, '');
  const i = int.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(i) && f === '';
  return `${sign && !zero ? '-' : ''}${i}${f ? `.${f}` : ''}`;
}

/** True when value is a whole multiple of step (value, step exact decimals, step > 0). */
export function isOnGrid(value: string, step: string): boolean {
  const places = Math.max(placesOf(value), placesOf(step));
  const s = toScaled(step, places);
  return s !== 0n && toScaled(value, places) % s === 0n;
}

/**
 * Moves `value` by `count` steps along the grid of `step`. A value off the grid snaps to the grid first,
 * in the direction of the move (down to the grid line below, up to the one above). An empty or invalid
 * value starts from `from` (e.g. the best price) or from one step.
 */
export function stepDecimal(value: string, step: string, count: number, from?: string): string {
  const start = isDecimal(value.trim()) ? value.trim() : from && isDecimal(from) ? from : null;
  if (start === null) return count > 0 ? normalizeDecimal(step) : '0';
  const places = Math.max(placesOf(start), placesOf(step));
  const v = toScaled(start, places);
  const s = toScaled(step, places);
  if (s <= 0n) return start;
  const rem = ((v % s) + s) % s;
  let base = v - rem;
  let n = BigInt(count);
  if (rem !== 0n) {
    // Off the grid: the first step up lands on the grid line above, the first step down on the one below.
    if (count > 0) {
      base += s;
      n -= 1n;
    } else if (count < 0) n += 1n;
    else return normalizeDecimal(fromScaled(v, places));
  }
  return normalizeDecimal(fromScaled(base + n * s, places));
}

/** The multiple of `step` nearest to `value` (a half step rounds to the even multiple). */
export function roundToStep(value: string, step: string): string {
  const places = Math.max(placesOf(value), placesOf(step));
  const s = toScaled(step, places);
  if (s <= 0n) return value;
  const v = toScaled(value, places);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  let q = abs / s;
  const twice = (abs % s) * 2n;
  if (twice > s || (twice === s && q % 2n === 1n)) q += 1n;
  return normalizeDecimal(fromScaled((negative ? -q : q) * s, places));
}

/** (a + b) / 2 on the grid of `step` (for the mid of bid and ask). */
export function midOnGrid(a: string, b: string, step: string): string {
  const places = Math.max(placesOf(a), placesOf(b), placesOf(step)) + 1;
  const sum = toScaled(a, places) + toScaled(b, places);
  return roundToStep(fromScaled(sum / 2n, places), step);
}

/** "1234567.5" → "1,234,567.5"; the fraction is left as it is. */
export function groupThousands(value: string): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [, sign, int = '0', frac] = m;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Money for display: rounded half-even to `places`, grouped in thousands ("-1,250.50"). */
export function formatMoney(value: string, places = 2): string {
  if (!isDecimal(value)) return value;
  const rounded = roundDecimal(value, places);
  return groupThousands(isZeroDecimal(rounded) ? rounded.replace(/^-/, '') : rounded);
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
