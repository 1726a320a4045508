/**
 * The Square of 9: the numbers 1, 2, 3, … laid in a square spiral, 1 at the centre, turning
 * counter-clockwise, 2 east of 1 (0°), 3 at 45°, 4 at 90°, …, 9 at 315°, 10 starting the next ring.
 * Ring r (r ≥ 1) holds (2r − 1)² + 1 … (2r + 1)², 8r numbers; its number on the arm at 45·a° is
 * (2r − 1)² + r·(a + 1), so the odd squares lie on the 315° arm.
 *
 * The continuous form used for prices: one full turn adds 2 to the square root, and
 * degree(P) = (180·√P − 225) mod 360, which puts the odd squares at exactly 315° and the even ones at
 * 135°; the numbers of the other arms approach their angle as the rings grow.
 */

/** The root added by one full 360° turn in the common convention. */
export const ROOT_PER_TURN = 2;

/** The angle of a (positive) number on the Square of 9, in [0, 360). */
export function degreeOf(value: number): number {
  const degrees = (180 * Math.sqrt(value) - 225) % 360;
  return degrees < 0 ? degrees + 360 : degrees;
}

/** (√P + steps·rootPerStep)², or null when the root would not be positive. */
export function levelAt(price: number, steps: number, rootPerStep: number): number | null {
  const root = Math.sqrt(price) + steps * rootPerStep;
  return root > 0 ? root * root : null;
}

/** The root moved by `degrees` of turn when a full turn adds `rootPerTurn`: 45° → 0.25 by default. */
export function rootStep(degrees: number, rootPerTurn = ROOT_PER_TURN): number {
  return (rootPerTurn * degrees) / 360;
}

/** The number of ring `ring` (≥ 1) on the arm at 45·`arm`° (arm 0 … 7). */
export function crossNumber(ring: number, arm: number): number {
  return (2 * ring - 1) ** 2 + ring * (arm + 1);
}

export const CARDINAL_ARMS = [0, 2, 4, 6] as const;
export const ORDINAL_ARMS = [1, 3, 5, 7] as const;

export interface CrossNumber {
  value: number;
  /** The arm's angle: 0, 90, 180, 270 (cardinal) or 45, 135, 225, 315 (ordinal). */
  degrees: number;
}

/** The ring a number lies on (0 for 1 itself). */
function ringOf(value: number): number {
  return Math.max(0, Math.ceil((Math.sqrt(value) - 1) / 2));
}

/** The `count` numbers of the cross at or below `value` and the `count` above it, ascending. */
export function crossNumbersAround(value: number, arms: readonly number[], count: number): CrossNumber[] {
  const centre = ringOf(value);
  // each ring puts one number on every arm, so `count` rings each side hold enough
  const numbers: CrossNumber[] = [];
  for (let ring = Math.max(1, centre - count); ring <= centre + count + 1; ring++) {
    for (const arm of arms) numbers.push({ value: crossNumber(ring, arm), degrees: arm * 45 });
  }
  numbers.sort((a, b) => a.value - b.value);
  const below = numbers.filter((n) => n.value <= value).slice(-count);
  const above = numbers.filter((n) => n.value > value).slice(0, count);
  return [...below, ...above];
}
