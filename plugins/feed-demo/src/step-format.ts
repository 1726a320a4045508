import { type Decimal, decimalPlaces } from '@qmo/sdk';

/**
 * A fast `fromSteps` for one step size: integer steps (ticks, lots) to the canonical Decimal string.
 * Gives exactly what `fromSteps(steps, step)` gives (a test checks it) without going through big.js,
 * which matters when a month of 1-minute bars is generated.
 */
export function stepFormatter(step: Decimal): (steps: number) => Decimal {
  const places = decimalPlaces(step);
  const mantissa = Number(step.replace('.', ''));
  if (!Number.isSafeInteger(mantissa) || mantissa <= 0) throw new RangeError(`unsupported step size ${step}`);
  return (steps: number): Decimal => {
    const scaled = steps * mantissa;
    if (!Number.isSafeInteger(scaled))
      throw new RangeError(`${steps} steps of ${step} is not an exact integer`);
    if (scaled === 0) return '0' as Decimal;
    const sign = scaled < 0 ? '-' : '';
    const digits = String(Math.abs(scaled));
    if (places === 0) return `${sign}${digits}` as Decimal;
    const padded = digits.padStart(places + 1, '0');
    const whole = padded.slice(0, padded.length - places);
    let end = padded.length;
    while (end > whole.length && padded.charCodeAt(end - 1) === 48) end--;
    const fraction = padded.slice(whole.length, end);
    return (fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`) as Decimal;
  };
}
