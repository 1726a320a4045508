import { z } from 'zod';

export const MAX_PERIOD = 1_000;

/** A look-back length in bars. */
export function periodParam(defaultValue: number, description: string, min = 1) {
  return z.number().int().min(min).max(MAX_PERIOD).default(defaultValue).describe(description);
}
