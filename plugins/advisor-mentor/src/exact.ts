import { big, type Decimal, dec, fromSteps } from '@qmo/sdk';

/** "12.345" → [12345n, 3]; "-0.5" → [-5n, 1]. */
function scaled(value: Decimal): [bigint, number] {
  const dot = value.indexOf('.');
  if (dot < 0) return [BigInt(value), 0];
  return [BigInt(value.slice(0, dot) + value.slice(dot + 1)), value.length - dot - 1];
}

/** ⌊a / b⌋ exactly, on integers of a common scale (b ≠ 0). */
export function floorDiv(a: Decimal, b: Decimal): bigint {
  const [ai, as] = scaled(a);
  const [bi, bs] = scaled(b);
  const scale = Math.max(as, bs);
  const x = ai * 10n ** BigInt(scale - as);
  const y = bi * 10n ** BigInt(scale - bs);
  if (y === 0n) throw new RangeError('division by zero');
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/** The largest multiple of `step` at or below `value`. */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return fromSteps(floorDiv(value, step), step);
}

/** The smallest multiple of `step` at or above `value`. */
export function ceilToStep(value: Decimal, step: Decimal): Decimal {
  const negated = (value.startsWith('-') ? value.slice(1) : `-${value}`) as Decimal;
  return fromSteps(-floorDiv(negated, step), step);
}

/** The exact decimal of a float's shortest representation (1e-7 → "0.0000001"). */
export function fromNumber(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return dec(big(String(x)));
}
