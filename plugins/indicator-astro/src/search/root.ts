/** Roots are located to within this many milliseconds. */
export const ROOT_TOLERANCE_MS = 1_000;

/**
 * The instant in [t0, t1] where a continuous `f` changes sign, given f(t0) = f0 and f(t1) = f1 of
 * opposite signs (f0 < 0 ≤ f1 or f0 ≥ 0 > f1). Regula falsi with the Illinois modification: the
 * bracket always holds the root and shrinks to `tolerance`; deterministic for a given bracket.
 */
export function findRoot(
  f: (ms: number) => number,
  t0: number,
  f0: number,
  t1: number,
  f1: number,
  tolerance = ROOT_TOLERANCE_MS,
): number {
  let a = t0;
  let fa = f0;
  let b = t1;
  let fb = f1;
  let side = 0;
  for (let i = 0; i < 200 && b - a > tolerance; i++) {
    let t = fa === fb ? (a + b) / 2 : b - (fb * (b - a)) / (fb - fa);
    // Keep every step strictly inside the bracket and at least a little away from its ends.
    const margin = Math.min(tolerance / 2, (b - a) / 4);
    if (!(t > a + margin)) t = a + margin;
    if (!(t < b - margin)) t = b - margin;
    const ft = f(t);
    if (ft < 0 === fa < 0) {
      a = t;
      fa = ft;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = t;
      fb = ft;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

/**
 * A crossing of zero between two samples of an angle difference in [−180, 180): a sign change that
 * is not the jump from +180 to −180. Returns +1 (rising), −1 (falling) or 0.
 */
export function angleCrossing(g0: number, g1: number): 1 | -1 | 0 {
  if (g0 < 0 === g1 < 0 || Math.abs(g1 - g0) >= 180) return 0;
  return g1 > g0 ? 1 : -1;
}
