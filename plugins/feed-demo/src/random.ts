/**
 * Seeded pseudo-randomness built only from integer and IEEE-754 basic arithmetic, so the demo
 * market is bit-for-bit reproducible on every platform (no Math.random, no transcendental functions).
 */

const TWO_32 = 4_294_967_296;

function mixWord(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed from integers (any safe integer, negative ones included), murmur3-style. */
export function hashSeed(...parts: readonly number[]): number {
  let h = 0x9747b28c;
  for (const part of parts) {
    const lo = ((part % TWO_32) + TWO_32) % TWO_32;
    const hi = Math.floor(part / TWO_32);
    h = mixWord(h, lo | 0);
    h = mixWord(h, hi | 0);
  }
  return finalize(h ^ parts.length);
}

/** FNV-1a of a string, for mixing instrument ids into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SQRT3 = Math.sqrt(3);

/** mulberry32: tiny, fast and good enough for a synthetic market. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  }

  /** Approximately standard normal (Irwin–Hall of four uniforms: mean 0, variance 1, bounded by ±3.46). */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * SQRT3;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}
