import { describe, expect, it } from 'vitest';
import {
  CARDINAL_ARMS,
  crossNumber,
  crossNumbersAround,
  degreeOf,
  levelAt,
  ORDINAL_ARMS,
  rootStep,
} from '../src/math/square-of-nine.js';

describe('Square of 9 arithmetic', () => {
  it('takes the root of the reference: √40 = 6.3246', () => {
    expect(Math.sqrt(40)).toBeCloseTo(6.3246, 4);
  });

  it('moves the root by increment × degrees / 360: 45° adds 0.25, 90° 0.5, 180° 1, 225° 1.25', () => {
    expect(rootStep(45)).toBe(0.25);
    expect(rootStep(90)).toBe(0.5);
    expect(rootStep(180)).toBe(1);
    expect(rootStep(360)).toBe(2);
    expect(rootStep(225)).toBe(1.25);
    expect(rootStep(45, 1)).toBe(0.125);
  });

  it('one 225° step up from 40 is (6.3246 + 1.25)² = 57.37, one down (6.3246 − 1.25)² = 25.75', () => {
    expect(levelAt(40, 1, rootStep(225))).toBeCloseTo(57.37, 2);
    expect(levelAt(40, 5, 0.25)).toBeCloseTo(57.37, 2);
    expect(levelAt(40, -1, 1.25)).toBeCloseTo(25.7511, 4);
    expect(levelAt(1, -4, 0.25)).toBeNull();
  });

  it('places prices by degree(P) = (180·√P − 225) mod 360', () => {
    expect(degreeOf(1)).toBe(315);
    expect(degreeOf(9)).toBe(315);
    expect(degreeOf(25)).toBe(315);
    expect(degreeOf(49)).toBe(315);
    expect(degreeOf(4)).toBe(135);
    expect(degreeOf(16)).toBe(135);
    expect(degreeOf(100)).toBe(135); // 1800 − 225 = 1575 = 4·360 + 135
    expect(degreeOf(40)).toBeCloseTo(193.42, 2); // 180·6.32456 − 225 = 913.42 = 2·360 + 193.42
    expect(degreeOf(levelAt(40, 1, 1.25)!)).toBeCloseTo(58.42, 2); // 225° further on: 193.42 + 225 − 360
    expect(degreeOf(2)).toBeCloseTo(29.56, 2);
  });

  it('numbers the arms of the spiral: ring r, arm at 45·a° holds (2r − 1)² + r·(a + 1)', () => {
    const arm = (a: number) => [1, 2, 3, 4].map((ring) => crossNumber(ring, a));
    expect(arm(0)).toEqual([2, 11, 28, 53]); // 0°
    expect(arm(1)).toEqual([3, 13, 31, 57]); // 45°
    expect(arm(2)).toEqual([4, 15, 34, 61]); // 90°
    expect(arm(3)).toEqual([5, 17, 37, 65]); // 135°
    expect(arm(4)).toEqual([6, 19, 40, 69]); // 180°
    expect(arm(5)).toEqual([7, 21, 43, 73]); // 225°
    expect(arm(6)).toEqual([8, 23, 46, 77]); // 270°
    expect(arm(7)).toEqual([9, 25, 49, 81]); // 315°: the odd squares
  });

  it('lists the cardinal cross 2, 4, 6, 8, 11, 15, 19, 23, 28, … and the ordinal cross 3, 5, 7, 9, 13, …', () => {
    expect(crossNumbersAround(1, CARDINAL_ARMS, 12).map((n) => n.value)).toEqual([
      2, 4, 6, 8, 11, 15, 19, 23, 28, 34, 40, 46,
    ]);
    expect(crossNumbersAround(1, ORDINAL_ARMS, 12).map((n) => n.value)).toEqual([
      3, 5, 7, 9, 13, 17, 21, 25, 31, 37, 43, 49,
    ]);
  });

  it('takes the cross numbers nearest a price, `count` at or below and `count` above', () => {
    expect(crossNumbersAround(40, CARDINAL_ARMS, 3)).toEqual([
      { value: 28, degrees: 0 },
      { value: 34, degrees: 90 },
      { value: 40, degrees: 180 },
      { value: 46, degrees: 270 },
      { value: 53, degrees: 0 },
      { value: 61, degrees: 90 },
    ]);
    // ring 15 ends at 29² + 120 = 961 (315°), ring 16 holds 961 + 16·(a + 1): 993, 1025, 1057, 1089
    expect(crossNumbersAround(1000, ORDINAL_ARMS, 2).map((n) => [n.value, n.degrees])).toEqual([
      [961, 315],
      [993, 45],
      [1025, 135],
      [1057, 225],
    ]);
  });
});
