/**
 * Where two values first differ, or null when they are equal: deep structural equality as test
 * runners' `toEqual` has it (Object.is for primitives, so NaN equals NaN and 0 differs from -0;
 * object properties holding undefined count as absent).
 */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | null {
  if (Object.is(actual, expected)) return null;
  const at = path || '(root)';
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null)
    return `${at}: ${describe(actual)} ≠ ${describe(expected)}`;
  if (Array.isArray(actual) !== Array.isArray(expected))
    return `${at}: ${describe(actual)} ≠ ${describe(expected)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${at}: length ${actual.length} ≠ ${expected.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
  for (const key of keys) {
    const d = firstDifference(a[key], e[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return null;
}

/** Deep equality, as `firstDifference` defines it. */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  return firstDifference(actual, expected) === null;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}
