/** The risk page's pure logic: limit drafts, server field errors, kill-switch confirmations. */
import type { KillSwitchScope, Problem } from '../api/types.js';

export type Limits = Record<string, unknown>;

/** Sets one limit; `undefined` removes it ("not set": the rule passes). */
export function withLimit(draft: Limits, key: string, value: unknown): Limits {
  const next = { ...draft };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** JSON with sorted keys, for comparing drafts. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Limits)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Limits)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function sameLimits(a: Limits, b: Limits): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Field errors of a 400 on `PUT /risk/limits/:account/:rule`: paths like "body.limits.maxQuantity" or
 * "body.limits.perInstrument.ESZ6" name the limit (the first key under `limits`).
 */
export function limitErrorsOf(
  problem: Problem | null,
  fallback: string,
): { fields: Record<string, string>; message: string | null } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const list = (problem?.errors ?? []) as { path?: string; message?: string }[];
  for (const e of Array.isArray(list) ? list : []) {
    const segments = String(e.path ?? '')
      .split('.')
      .filter((s) => s && s !== 'body');
    const at = segments.indexOf('limits');
    const key = at >= 0 ? segments[at + 1] : undefined;
    const text = e.message ?? 'invalid';
    if (key) {
      const detail = segments.slice(at + 2).join('.');
      fields[key] = [fields[key], detail ? `${detail}: ${text}` : text].filter(Boolean).join('; ');
    } else rest.push(text);
  }
  if (!Object.keys(fields).length && !rest.length) return { fields, message: problem?.detail ?? fallback };
  return { fields, message: rest.length ? rest.join('; ') : null };
}

/** Rows of a map limit (`{ "ESZ6": "50" }`), sorted by key. */
export function mapRows(value: unknown): { key: string; value: unknown }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Limits)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, v]) => ({ key, value: v }));
}

export interface KillTarget {
  scope: KillSwitchScope;
  /** Account or desk id; none for global. */
  id?: string;
}

/** What the user must type to confirm a kill switch: the account or desk id, or GLOBAL. */
export function killConfirmText(target: KillTarget): string {
  return target.scope === 'global' ? 'GLOBAL' : (target.id ?? '');
}

export function killConfirmMatches(typed: string, target: KillTarget): boolean {
  const expected = killConfirmText(target);
  if (!expected) return false;
  return target.scope === 'global' ? typed.trim().toUpperCase() === expected : typed.trim() === expected;
}
