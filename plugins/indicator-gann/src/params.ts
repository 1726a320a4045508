import { z } from 'zod';

export const MAX_LOOKBACK = 1_000;

/** A look-back length in bars. */
export function lookbackParam(defaultValue: number, description: string) {
  return z.number().int().min(1).max(MAX_LOOKBACK).default(defaultValue).describe(description);
}

/** An instant, epoch ms (a fixed pivot or box corner). */
export function timeParam(description: string) {
  return z.number().int().min(0).optional().describe(description);
}

export function priceParam(description: string) {
  return z.number().positive().optional().describe(description);
}

export function pricePerBarParam() {
  return z
    .number()
    .positive()
    .optional()
    .describe(
      'Price units per bar of the 1×1 angle; default: the mean true range of the last `lookback` bars',
    );
}

/** Adds an issue at each listed key that is missing, for a choice that needs them. */
export function requireKeys<T extends object>(
  value: T,
  keys: readonly (keyof T & string)[],
  because: string,
  ctx: z.RefinementCtx,
): void {
  for (const key of keys) {
    if (value[key] === undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: `required ${because}` });
  }
}
