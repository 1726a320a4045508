import {
  type Account,
  type AccountId,
  type Clock,
  dec,
  InvalidArgumentError,
  isDecimal,
  NotFoundError,
  type QmoEvents,
  type TradingState,
} from '@qmo/sdk';
import type { EventBus } from '../bus/event-bus.js';
import type { TradingStore, TradingTx } from '../ports/trading-store.js';

export const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/** How restrictive a state is: ACTIVE < REDUCING < HALTED. */
export function restrictiveness(state: TradingState): number {
  return TRADING_STATES.indexOf(state);
}

/** An account to create or update; `stateReason` is ignored (the engine keeps it). */
export type AccountInput = Omit<Account, 'tradingState'> & { tradingState?: TradingState };

/** The accounts and their trading states; every change is durable and audited before it is seen. */
export class AccountBook {
  private readonly byId = new Map<AccountId, Account>();

  constructor(
    private readonly store: TradingStore,
    private readonly bus: EventBus<QmoEvents>,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    this.byId.clear();
    for (const account of await this.store.accounts()) this.byId.set(account.id, account);
  }

  get(id: AccountId): Account | undefined {
    return this.byId.get(id);
  }

  list(): Account[] {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Creates an account (ACTIVE unless told otherwise) or updates one; a state change is audited as such. */
  async upsert(input: AccountInput, actor: string): Promise<Account> {
    const fields = checkAccount(input);
    const previous = this.byId.get(fields.id);
    const now = this.clock.now();
    const state = input.tradingState ?? previous?.tradingState ?? 'ACTIVE';
    if (!TRADING_STATES.includes(state))
      throw new InvalidArgumentError('tradingState: must be ACTIVE, REDUCING or HALTED', {
        field: 'tradingState',
      });
    const stateChanged = previous === undefined ? state !== 'ACTIVE' : previous.tradingState !== state;
    const account: Account = { ...fields, tradingState: state };
    if (state !== 'ACTIVE') {
      account.stateReason = stateChanged
        ? { code: 'SET_BY_ADMIN', text: `set to ${state} by ${actor}`, since: now }
        : (previous?.stateReason ?? {
            code: 'SET_BY_ADMIN',
            text: `set to ${state} by ${actor}`,
            since: now,
          });
    }
    await this.store.transaction(async (tx) => {
      await tx.upsertAccount(account);
      await tx.audit({
        ts: now,
        actor,
        action: previous ? 'account.updated' : 'account.created',
        account: account.id,
        subject: account.id,
        payload: { account, ...(previous ? { previous } : {}) },
      });
      if (stateChanged) await this.auditState(tx, account, previous?.tradingState ?? null, actor, now);
    });
    this.byId.set(account.id, account);
    if (stateChanged || previous === undefined) this.bus.emit('account.state', account);
    return account;
  }

  /**
   * Sets an account's trading state (durable, audited, `account.state` on the bus). `reason` is kept
   * while the account is not ACTIVE. Returns the account unchanged when the state and reason code are.
   */
  async setState(
    id: AccountId,
    state: TradingState,
    actor: string,
    reason: { code: string; text: string },
    details: Record<string, unknown> = {},
  ): Promise<Account> {
    const previous = this.byId.get(id);
    if (!previous) throw new NotFoundError(`account "${id}" does not exist`, { account: id });
    if (!TRADING_STATES.includes(state))
      throw new InvalidArgumentError('state: must be ACTIVE, REDUCING or HALTED', { field: 'state' });
    if (previous.tradingState === state && (state === 'ACTIVE' || previous.stateReason?.code === reason.code))
      return previous;
    const now = this.clock.now();
    const stateReason = state === 'ACTIVE' ? null : { code: reason.code, text: reason.text, since: now };
    const { stateReason: _old, ...rest } = previous;
    const account: Account = stateReason
      ? { ...rest, tradingState: state, stateReason }
      : { ...rest, tradingState: state };
    await this.store.transaction(async (tx) => {
      await tx.setTradingState(id, state, stateReason);
      await this.auditState(tx, account, previous.tradingState, actor, now, { reason, ...details });
    });
    this.byId.set(id, account);
    this.bus.emit('account.state', account);
    return account;
  }

  private async auditState(
    tx: TradingTx,
    account: Account,
    from: TradingState | null,
    actor: string,
    ts: number,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.audit({
      ts,
      actor,
      action: 'account.state',
      account: account.id,
      subject: account.id,
      payload: { from, to: account.tradingState, account, ...extra },
    });
  }
}

function checkAccount(input: AccountInput): Omit<Account, 'tradingState' | 'stateReason'> {
  const text = (field: 'id' | 'name' | 'desk' | 'currency') => {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InvalidArgumentError(`${field}: required`, { field });
    }
    return value;
  };
  const id = text('id');
  if (id === '*')
    throw new InvalidArgumentError('id: "*" is reserved for default risk limits', { field: 'id' });
  if (!isDecimal(input.startingEquity)) {
    throw new InvalidArgumentError('startingEquity: must be an exact decimal string', {
      field: 'startingEquity',
    });
  }
  return {
    id,
    name: text('name'),
    desk: text('desk'),
    currency: text('currency'),
    startingEquity: dec(input.startingEquity),
  };
}
