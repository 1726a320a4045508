import type { RiskRule } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { type InputOptions, makeInput, run } from './helpers.js';

export type Row =
  | { name: string; limits: unknown; input?: InputOptions; pass: true }
  | { name: string; limits: unknown; input?: InputOptions; code: string; compared?: Record<string, unknown> };

/** One test per row: the rule's verdict for the input under the limits. */
export function verdictTable<L>(rule: RiskRule<L>, rows: readonly Row[]): void {
  describe(`${rule.id} verdicts`, () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
      const verdict = run(rule, row.limits, makeInput(row.input));
      if ('pass' in row) {
        expect(verdict).toEqual({ pass: true });
        return;
      }
      expect(verdict).toMatchObject({ pass: false, code: row.code });
      if (verdict.pass) return;
      expect(verdict.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(verdict.reason.length).toBeGreaterThan(10);
      if (row.compared) expect(verdict.compared).toMatchObject(row.compared);
      // Decimals in `compared` are canonical strings, numbers only for counts and percentages.
      for (const value of Object.values(verdict.compared)) {
        if (typeof value === 'string' && /^-?\d/.test(value)) expect(value).toMatch(/^-?\d+(\.\d*[1-9])?$/);
      }
    });
  });
}
