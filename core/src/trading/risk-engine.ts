import {
  type Account,
  type AccountId,
  type AccountRiskView,
  type AccountStateVerdict,
  type Decimal,
  type Disposable,
  decimal,
  errorMessage,
  type Instrument,
  type InstrumentDirectory,
  type InstrumentId,
  InvalidArgumentError,
  type Logger,
  NotFoundError,
  type Order,
  type OrderRequest,
  type RejectReason,
  type RiskCheckInput,
  type RiskVerdict,
  type TradingState,
  type VerdictValues,
} from '@qmo/sdk';
import type { Kernel } from '../kernel/kernel.js';
import type { RiskLimitRecord, RiskVerdictRecord, TradingStore } from '../ports/trading-store.js';
import { type AccountBook, restrictiveness, TRADING_STATES } from './account-book.js';
import type { Marks } from './marks.js';
import type { Portfolio } from './portfolio.js';
import {
  describeRule,
  orderedRules,
  type RiskLimitBook,
  type RiskRuleInfo,
  type RuleContribution,
  ruleName,
} from './risk-rules.js';

export interface RiskEngineOptions {
  kernel: Pick<Kernel, 'contributions' | 'bus' | 'clock'>;
  store: TradingStore;
  accounts: AccountBook;
  limits: RiskLimitBook;
  portfolio: Portfolio;
  marks: Marks;
  instruments: InstrumentDirectory;
  logger: Logger;
  /** Rule ids in the order they run; unlisted rules run after, by id. */
  riskRuleOrder?: readonly string[];
  /** Window of `recentOrderTimes` (default 1000 ms). */
  throttleWindowMs?: number;
  /** How often account monitors run besides after each fill (default 1000 ms). */
  monitorEveryMs?: number;
}

/** One order (or the order as it would be after a replace) to check. */
export interface RiskCheckRequest {
  orderId: string;
  request: OrderRequest;
  action: 'new' | 'replace';
  /** The instrument, known (validation came first). */
  instrument: Instrument;
  /** The account's working orders, without the order being replaced and without pending replacements. */
  workingOrders: readonly Order[];
  /** The venue the order would go to, or null when none is available (NO_VENUE). */
  venue: string | null;
}

export interface RiskOutcome {
  /** What each check said, in the order run (to store with the order). */
  verdicts: RiskVerdictRecord[];
  /** The first refusal, or null when every check passed. */
  reject: RejectReason | null;
}

/** The kill switch's reason code on a HALTED account (engine check `KILL_SWITCH`). */
export const KILL_SWITCH = 'KILL_SWITCH';
const MAX_RECENT_ORDERS = 10_000;

/**
 * Pre-trade risk: the engine's own checks (account known, trading state, kill switch, venue), then
 * the risk-rule plugins in the configured order, failing closed. Also the account monitors, which
 * only ever make an account more restricted (REDUCING, HALTED); only a person makes it ACTIVE again.
 */
const NO_RECORD = {};

export class RiskEngine {
  private readonly recent = new Map<AccountId, number[]>();
  private readonly parsedLimits = new WeakMap<
    object,
    Map<unknown, { ok: true; value: unknown } | { ok: false; error: string; account: string }>
  >();
  private monitoring: Promise<void> = Promise.resolve();
  private timer: Disposable | undefined;

  constructor(private readonly options: RiskEngineOptions) {}

  /** Runs the monitors on a timer. */
  start(): void {
    this.timer ??= this.options.kernel.clock.setInterval(
      () => void this.runMonitors(),
      this.options.monitorEveryMs ?? 1000,
    );
  }

  async stop(): Promise<void> {
    await this.timer?.dispose();
    this.timer = undefined;
    await this.monitoring;
  }

  /** Resolves when the monitor runs started so far are done. */
  idle(): Promise<void> {
    return this.monitoring;
  }

  rules(): RiskRuleInfo[] {
    return this.ordered().map(describeRule);
  }

  /** Checks an order; never throws for a rule's sake (a throwing rule rejects: fail closed). */
  check(req: RiskCheckRequest): RiskOutcome {
    const { kernel } = this.options;
    const now = kernel.clock.now();
    const { request } = req;
    const verdicts: RiskVerdictRecord[] = [];
    const record = (rule: string, verdict: RiskVerdict): void => {
      verdicts.push({
        orderId: req.orderId,
        clientOrderId: request.clientOrderId,
        account: request.account,
        rule,
        pass: verdict.pass,
        code: verdict.pass ? null : verdict.code,
        reason: verdict.pass ? null : verdict.reason,
        compared: verdict.pass ? {} : verdict.compared,
        ts: now,
      });
    };
    const refuse = (
      source: RejectReason['source'],
      rule: string,
      code: string,
      text: string,
      compared: VerdictValues,
    ): RiskOutcome => {
      record(rule, { pass: false, code, reason: text, compared });
      return { verdicts, reject: { source, code, text, rule } };
    };

    const account = this.options.accounts.get(request.account);
    if (!account) {
      return refuse(
        'oms',
        'engine/account',
        'ACCOUNT_UNKNOWN',
        `account "${request.account}" does not exist`,
        {
          account: request.account,
        },
      );
    }
    if (account.tradingState === 'HALTED') {
      const killed = account.stateReason?.code === KILL_SWITCH;
      return refuse(
        'risk',
        killed ? 'engine/kill-switch' : 'engine/trading-state',
        killed ? KILL_SWITCH : 'ACCOUNT_HALTED',
        killed
          ? `kill switch: ${account.stateReason?.text ?? 'trading stopped'}`
          : `account ${account.id} is HALTED${account.stateReason ? `: ${account.stateReason.text}` : ''}`,
        { tradingState: account.tradingState, stateCode: account.stateReason?.code ?? null },
      );
    }
    const view = this.accountView(account);
    const position = view.positions.find((p) => p.instrument === req.instrument.id) ?? null;
    const sameSide = req.workingOrders
      .filter((o) => o.instrument === request.instrument && o.side === request.side)
      .reduce((sum, o) => decimal.add(sum, o.leavesQuantity), '0' as Decimal);
    const reduces = reducesPosition(position?.quantity ?? null, request.side, request.quantity, sameSide);
    if (request.reduceOnly && !reduces) {
      return refuse(
        'oms',
        'engine/reduce-only',
        'REDUCE_ONLY',
        `reduce-only order would not reduce the ${request.instrument} position (${position?.quantity ?? '0'})`,
        {
          position: position?.quantity ?? '0',
          side: request.side,
          quantity: request.quantity,
          workingSameSide: sameSide,
        },
      );
    }
    if (account.tradingState === 'REDUCING') {
      if (!reduces) {
        return refuse(
          'risk',
          'engine/trading-state',
          'ACCOUNT_REDUCING',
          `account ${account.id} is REDUCING: only orders that reduce the position are accepted`,
          {
            position: position?.quantity ?? '0',
            side: request.side,
            quantity: request.quantity,
            workingSameSide: sameSide,
          },
        );
      }
    }
    if (req.venue === null) {
      return refuse('oms', 'engine/venue', 'NO_VENUE', `no venue is available for ${request.instrument}`, {
        instrument: request.instrument,
      });
    }

    const base: Omit<RiskCheckInput, 'limits'> = {
      ...view,
      request,
      action: req.action,
      instrument: req.instrument,
      position,
      workingOrders: req.workingOrders,
      referencePrice: this.options.marks.mark(req.instrument.id),
      recentOrderTimes: this.recentOrderTimes(account.id),
    };
    for (const rule of this.ordered()) {
      const name = ruleName(rule);
      const limits = this.limitsOf(rule, account.id);
      if (!limits.ok) {
        return refuse(
          'risk',
          name,
          'RULE_FAILED',
          `rule ${name}: stored limits are invalid (${limits.error})`,
          {
            limitsAccount: limits.account,
          },
        );
      }
      let verdict: RiskVerdict;
      try {
        verdict = rule.value.check({ ...base, limits: limits.value });
        if (!isVerdict(verdict))
          throw new TypeError(`rule returned ${JSON.stringify(verdict)}, not a verdict`);
      } catch (error) {
        rule.fault(error);
        this.options.logger.error('risk rule threw; order rejected (fail closed)', {
          rule: name,
          error: errorMessage(error),
        });
        return refuse('risk', name, 'RULE_FAILED', `rule ${name} failed: ${errorMessage(error)}`, {});
      }
      if (!verdict.pass) return refuse('risk', name, verdict.code, verdict.reason, { ...verdict.compared });
      record(name, verdict);
    }
    return { verdicts, reject: null };
  }

  /** Notes an accepted order submission (for `recentOrderTimes`). */
  recordOrder(account: AccountId, ts: number): void {
    let times = this.recent.get(account);
    if (!times) {
      times = [];
      this.recent.set(account, times);
    }
    times.push(ts);
    if (times.length > MAX_RECENT_ORDERS) times.splice(0, times.length - MAX_RECENT_ORDERS);
  }

  /** Takes back a submission noted by `recordOrder` whose order was never stored. */
  forgetOrder(account: AccountId, ts: number): void {
    const times = this.recent.get(account);
    const at = times ? times.lastIndexOf(ts) : -1;
    if (at >= 0) times?.splice(at, 1);
  }

  /** The account's order times within the throttle window, newest last. */
  recentOrderTimes(account: AccountId): number[] {
    const times = this.recent.get(account);
    if (!times) return [];
    const since = this.options.kernel.clock.now() - (this.options.throttleWindowMs ?? 1000);
    const first = times.findIndex((t) => t > since);
    if (first < 0) times.length = 0;
    else if (first > 0) times.splice(0, first);
    return [...times];
  }

  /** What every rule sees of an account: positions per instrument, marks, P&L, equity. */
  accountView(account: Account): AccountRiskView {
    const { portfolio, marks, instruments, kernel } = this.options;
    const mark = (id: InstrumentId) => marks.mark(id);
    const known = instruments.list();
    const pnl = portfolio.accountPnl(account.id, mark);
    return {
      account,
      positions: portfolio.instrumentPositions(account.id, mark),
      marks: marks.marks(known.map((i) => i.id)),
      instruments: Object.fromEntries(known.map((i) => [i.id, i])),
      pnl,
      equity: decimal.sub(
        decimal.add(decimal.add(account.startingEquity, pnl.realized), pnl.unrealized),
        pnl.fees,
      ),
      now: kernel.clock.now(),
    };
  }

  /** Runs every rule's monitor for the accounts (all when absent); serialised with earlier runs. */
  runMonitors(accounts?: readonly AccountId[]): Promise<void> {
    this.monitoring = this.monitoring.then(() =>
      this.monitorOnce(accounts).catch((error) =>
        this.options.logger.error('risk monitors failed', { error: errorMessage(error) }),
      ),
    );
    return this.monitoring;
  }

  riskLimits(account?: string): RiskLimitRecord[] {
    return this.options.limits.list(account);
  }

  /** Stores a rule's limits for an account or for "*" (every account), validated by the rule's schema. */
  async setRiskLimits(
    account: string,
    ruleId: string,
    limits: unknown,
    actor: string,
  ): Promise<RiskLimitRecord> {
    const rule = this.ordered().find((c) => c.value.id === ruleId);
    if (!rule) throw new NotFoundError(`no risk rule "${ruleId}" is loaded`, { rule: ruleId });
    if (account !== '*' && !this.options.accounts.get(account)) {
      throw new NotFoundError(`account "${account}" does not exist`, { account });
    }
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
      throw new InvalidArgumentError('limits: must be an object', { field: 'limits' });
    }
    const parsed = rule.value.limits.safeParse(limits);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new InvalidArgumentError(
        `limits: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
        { field: 'limits', issues },
      );
    }
    const previous = this.options.limits.get(account, ruleId);
    const record: RiskLimitRecord = {
      account,
      rule: ruleId,
      limits: limits as Record<string, unknown>,
      updatedAt: this.options.kernel.clock.now(),
      updatedBy: actor,
    };
    await this.options.store.transaction(async (tx) => {
      await tx.setRiskLimits(record);
      await tx.audit({
        ts: record.updatedAt,
        actor,
        action: 'risk.limits.changed',
        ...(account === '*' ? {} : { account }),
        subject: ruleId,
        payload: { record, previous: previous ?? null, rule: ruleName(rule) },
      });
    });
    this.options.limits.set(record);
    return record;
  }

  /** A person (risk officer, admin) sets an account's state; the only way back to ACTIVE. */
  async setTradingState(
    account: AccountId,
    state: TradingState,
    actor: string,
    reason: string,
  ): Promise<Account> {
    if (!TRADING_STATES.includes(state)) {
      throw new InvalidArgumentError('state: must be ACTIVE, REDUCING or HALTED', { field: 'state' });
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new InvalidArgumentError('reason: required', { field: 'reason' });
    }
    return this.options.accounts.setState(account, state, actor, { code: 'MANUAL', text: reason });
  }

  /** HALTs accounts (kill switch); returns the ids halted. */
  async halt(
    accounts: readonly AccountId[],
    actor: string,
    reason: { code: string; text: string },
  ): Promise<string[]> {
    const halted: string[] = [];
    for (const id of accounts) {
      await this.options.accounts.setState(id, 'HALTED', actor, reason);
      halted.push(id);
    }
    return halted;
  }

  private ordered(): RuleContribution[] {
    return orderedRules(this.options.kernel.contributions, this.options.riskRuleOrder);
  }

  private limitsOf(
    rule: RuleContribution,
    account: AccountId,
  ): { ok: true; value: unknown } | { ok: false; error: string; account: string } {
    const record = this.options.limits.resolve(account, rule.value.id);
    // Records are immutable (a change stores a new one), so each is parsed once per rule, not per order.
    let byRule = this.parsedLimits.get(record ?? NO_RECORD);
    if (!byRule) {
      byRule = new Map();
      this.parsedLimits.set(record ?? NO_RECORD, byRule);
    }
    const cached = byRule.get(rule.value);
    if (cached) return cached;
    const result = this.parseLimits(rule, record);
    byRule.set(rule.value, result);
    return result;
  }

  private parseLimits(
    rule: RuleContribution,
    record: RiskLimitRecord | undefined,
  ): { ok: true; value: unknown } | { ok: false; error: string; account: string } {
    try {
      const parsed = rule.value.limits.safeParse(record?.limits ?? {});
      if (parsed.success) return { ok: true, value: parsed.data };
      return {
        ok: false,
        error: parsed.error.issues.map((i) => i.message).join('; '),
        account: record?.account ?? '*',
      };
    } catch (error) {
      return { ok: false, error: errorMessage(error), account: record?.account ?? '*' };
    }
  }

  private async monitorOnce(accounts?: readonly AccountId[]): Promise<void> {
    const { logger } = this.options;
    const rules = this.ordered().filter((r) => typeof r.value.monitor === 'function');
    if (rules.length === 0) return;
    const targets = accounts
      ? accounts.map((id) => this.options.accounts.get(id)).filter((a): a is Account => a !== undefined)
      : this.options.accounts.list();
    for (const account of targets) {
      if (account.tradingState === 'HALTED') continue;
      const view = this.accountView(account);
      let worst: { verdict: AccountStateVerdict; rule: RuleContribution } | null = null;
      for (const rule of rules) {
        const limits = this.limitsOf(rule, account.id);
        if (!limits.ok) {
          logger.warn('risk monitor skipped: stored limits are invalid', {
            rule: ruleName(rule),
            account: account.id,
          });
          continue;
        }
        let verdict: AccountStateVerdict | null;
        try {
          verdict = rule.value.monitor!({ ...view, limits: limits.value }) ?? null;
        } catch (error) {
          rule.fault(error);
          logger.error('risk monitor threw', {
            rule: ruleName(rule),
            account: account.id,
            error: errorMessage(error),
          });
          continue;
        }
        if (verdict === null) continue;
        if (verdict.state !== 'REDUCING' && verdict.state !== 'HALTED') {
          rule.fault(new TypeError(`monitor demanded state ${JSON.stringify(verdict.state)}`));
          continue;
        }
        if (!worst || restrictiveness(verdict.state) > restrictiveness(worst.verdict.state))
          worst = { verdict, rule };
      }
      if (!worst || restrictiveness(worst.verdict.state) <= restrictiveness(account.tradingState)) continue;
      const { verdict, rule } = worst;
      await this.options.accounts.setState(
        account.id,
        verdict.state,
        `plugin:${rule.pluginId}@${rule.pluginVersion}`,
        { code: verdict.code, text: verdict.reason },
        { rule: ruleName(rule), compared: verdict.compared },
      );
      logger.warn('account restricted by a risk monitor', {
        account: account.id,
        state: verdict.state,
        rule: ruleName(rule),
      });
    }
  }
}

/**
 * Whether an order only reduces a position: opposite side, and its quantity plus the leaves of the
 * working orders on the same side at most the position's size (so it can neither open nor flip it).
 */
export function reducesPosition(
  position: Decimal | null,
  side: OrderRequest['side'],
  quantity: Decimal,
  workingSameSide: Decimal,
): boolean {
  if (position === null) return false;
  const direction = decimal.cmp(position, '0' as Decimal);
  if (direction === 0) return false;
  if ((direction > 0 ? 'sell' : 'buy') !== side) return false;
  const size = direction > 0 ? position : decimal.neg(position);
  return decimal.cmp(decimal.add(quantity, workingSameSide), size) <= 0;
}

function isVerdict(value: unknown): value is RiskVerdict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.pass === true) return true;
  return v.pass === false && typeof v.code === 'string' && typeof v.reason === 'string';
}
