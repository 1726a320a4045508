/** An angle in degrees brought into [0, 360). */
export function wrap360(degrees: number): number {
  const r = degrees % 360;
  return r < 0 ? r + 360 : r;
}

/** An angle in degrees brought into [−180, 180). */
export function wrap180(degrees: number): number {
  return wrap360(degrees + 180) - 180;
}
