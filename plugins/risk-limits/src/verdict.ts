import type { RiskVerdict, VerdictValues } from '@qmo/sdk';

/** A passing verdict (a fresh object: callers may keep or extend it). */
export function pass(): RiskVerdict {
  return { pass: true };
}

/** A failing verdict: a stable UPPER_SNAKE code, a sentence naming the numbers, and the values compared. */
export function reject(code: string, reason: string, compared: VerdictValues): RiskVerdict {
  return { pass: false, code, reason, compared };
}
