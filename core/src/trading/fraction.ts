import { big, type Decimal, dec } from '@qmo/sdk';

/**
 * An exact rational number (bigint numerator and positive denominator, always reduced).
 * Average costs are ratios (cost / quantity) that decimals cannot always hold exactly; keeping them
 * as fractions means P&L never drifts, and only the figures reported are rounded (to 20 places).
 */
export class Fraction {
  static readonly ZERO = new Fraction(0n, 1n);

  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint, d = 1n): Fraction {
    if (d === 0n) throw new RangeError('fraction with a zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return g > 1n ? new Fraction(n / g, d / g) : new Fraction(n, d);
  }

  /** An exact decimal string ("-12.345") as a fraction. */
  static fromDecimal(value: Decimal | string): Fraction {
    const dot = value.indexOf('.');
    if (dot < 0) return Fraction.of(BigInt(value));
    const places = value.length - dot - 1;
    return Fraction.of(BigInt(value.slice(0, dot) + value.slice(dot + 1)), 10n ** BigInt(places));
  }

  add(o: Fraction): Fraction {
    return Fraction.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Fraction): Fraction {
    return Fraction.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Fraction): Fraction {
    return Fraction.of(this.n * o.n, this.d * o.d);
  }
  div(o: Fraction): Fraction {
    return Fraction.of(this.n * o.d, this.d * o.n);
  }
  neg(): Fraction {
    return new Fraction(-this.n, this.d);
  }
  abs(): Fraction {
    return this.n < 0n ? this.neg() : this;
  }
  sign(): -1 | 0 | 1 {
    return this.n === 0n ? 0 : this.n < 0n ? -1 : 1;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  cmp(o: Fraction): -1 | 0 | 1 {
    const diff = this.n * o.d - o.n * this.d;
    return diff === 0n ? 0 : diff < 0n ? -1 : 1;
  }

  /** As a decimal: exact when the fraction terminates within 20 places, else rounded there (half up). */
  toDecimal(): Decimal {
    if (this.d === 1n) return dec(this.n);
    return dec(big(this.n.toString()).div(this.d.toString()));
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
