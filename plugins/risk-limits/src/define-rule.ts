import type { RiskRule } from '@qmo/sdk';

/** A risk rule, frozen: the host shares one instance between every account and every check. */
export function defineRule<L>(rule: RiskRule<L>): RiskRule<L> {
  return Object.freeze(rule);
}
