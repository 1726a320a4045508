import { type ExtensionPoint, extensionPoints, type RiskRule } from '@qmo/sdk';
import { z } from 'zod';
import type { Contribution, ContributionRegistry } from '../kernel/contribution-registry.js';
import type { RiskLimitRecord } from '../ports/trading-store.js';

// biome-ignore lint/suspicious/noExplicitAny: rules carry limits of different types, as extensionPoints.riskRules does
export type AnyRiskRule = RiskRule<any>;
export type RuleContribution = Contribution<AnyRiskRule>;

/** How a rule is named in verdicts and reject reasons: `pluginId/ruleId@version`. */
export function ruleName(c: RuleContribution): string {
  return `${c.pluginId}/${c.value.id}@${c.pluginVersion}`;
}

/** What `engine.riskRules()` lists. */
export interface RiskRuleInfo {
  id: string;
  plugin: string;
  version: string;
  description: string;
  /** JSON Schema of the rule's limits (input side: what may be stored). */
  limitsSchema: Record<string, unknown>;
}

/**
 * The risk rules plugins contribute, in the configured order: the ids of `order` first, in that
 * order, then the others by id (then by plugin id).
 */
export function orderedRules(
  contributions: ContributionRegistry,
  order: readonly string[] = [],
): RuleContribution[] {
  const rank = (c: RuleContribution) => {
    const at = order.indexOf(c.value.id);
    return at < 0 ? order.length : at;
  };
  const point = extensionPoints.riskRules as ExtensionPoint<AnyRiskRule>;
  return contributions
    .list(point)
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.value.id.localeCompare(b.value.id) || a.pluginId.localeCompare(b.pluginId),
    );
}

export function describeRule(c: RuleContribution): RiskRuleInfo {
  let limitsSchema: Record<string, unknown>;
  try {
    limitsSchema = z.toJSONSchema(c.value.limits, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  } catch {
    limitsSchema = {};
  }
  return {
    id: c.value.id,
    plugin: c.pluginId,
    version: c.pluginVersion,
    description: c.value.description,
    limitsSchema,
  };
}

/** The stored limit records: per account and rule, with "*" as every account's default. */
export class RiskLimitBook {
  private readonly records = new Map<string, RiskLimitRecord>();

  load(records: readonly RiskLimitRecord[]): void {
    this.records.clear();
    for (const r of records) this.records.set(key(r.account, r.rule), r);
  }

  /** The records of one account (or of "*", the defaults), or every record. */
  list(account?: string): RiskLimitRecord[] {
    return [...this.records.values()]
      .filter((r) => account === undefined || r.account === account)
      .sort((a, b) => a.account.localeCompare(b.account) || a.rule.localeCompare(b.rule));
  }

  get(account: string, rule: string): RiskLimitRecord | undefined {
    return this.records.get(key(account, rule));
  }

  /** The account's own record for the rule, else the default ("*"), else none. */
  resolve(account: string, rule: string): RiskLimitRecord | undefined {
    return this.records.get(key(account, rule)) ?? this.records.get(key('*', rule));
  }

  set(record: RiskLimitRecord): void {
    this.records.set(key(record.account, record.rule), record);
  }
}

function key(account: string, rule: string): string {
  return `${account}\u0000${rule}`;
}
