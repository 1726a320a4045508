/**
 * Drawing lists are shared by every bar that sees the same items, so they are frozen: a consumer
 * that tried to change one would throw instead of changing other bars' outputs. Typed as the
 * output's (mutable) list type.
 */
export function frozenList<T>(items: T[]): T[] {
  return Object.freeze(items) as T[];
}
