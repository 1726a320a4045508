import type { Account } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import type { RiskRuleInfo } from '../api/types.js';
import { reportError } from './errors.svelte.js';

/** The risk page's data: every account with its trading state, and the risk rules with their schemas. */
class RiskState {
  accounts = $state.raw<Account[] | null>(null);
  rules = $state.raw<RiskRuleInfo[] | null>(null);

  desks = $derived.by(() => {
    const byDesk = new Map<string, Account[]>();
    for (const a of this.accounts ?? []) byDesk.set(a.desk, [...(byDesk.get(a.desk) ?? []), a]);
    return [...byDesk.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, accounts]) => ({ id, accounts }));
  });

  async load(signal?: AbortSignal): Promise<void> {
    const [accounts, rules] = await Promise.allSettled([api.riskAccounts(signal), api.riskRules(signal)]);
    if (accounts.status === 'fulfilled') this.accounts = sortAccounts(accounts.value);
    else reportError(accounts.reason, 'Risk accounts');
    if (rules.status === 'fulfilled') this.rules = [...rules.value].sort((a, b) => a.id.localeCompare(b.id));
    else reportError(rules.reason, 'Risk rules');
  }

  clear(): void {
    this.accounts = null;
    this.rules = null;
  }

  /** `account_state` events and answers of state changes. */
  onAccountState = (account: Account): void => {
    if (!this.accounts) return;
    const known = this.accounts.some((a) => a.id === account.id);
    this.accounts = sortAccounts(
      known ? this.accounts.map((a) => (a.id === account.id ? account : a)) : [...this.accounts, account],
    );
  };
}

function sortAccounts(accounts: Account[]): Account[] {
  return [...accounts].sort((a, b) => a.desk.localeCompare(b.desk) || a.id.localeCompare(b.id));
}

export const risk = new RiskState();
