/** A price for a label: six significant digits, without trailing zeros. */
export function formatPrice(price: number): string {
  return String(Number(price.toPrecision(6)));
}

/** Degrees for a label, at most two decimals: 45 → "45°", 22.5 → "22.5°". */
export function formatDegrees(degrees: number): string {
  return `${Number(degrees.toFixed(2))}°`;
}
