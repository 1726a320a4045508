import { randomUUID } from 'node:crypto';
import {
  type Account,
  type AccountId,
  type Decimal,
  type Disposable,
  decimal,
  ERROR_CODES,
  type Execution,
  errorMessage,
  type Instrument,
  type InstrumentDirectory,
  type InstrumentId,
  InvalidArgumentError,
  type Logger,
  type MarketDataReader,
  NotFoundError,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type Position,
  QmoError,
  type TradingState,
} from '@qmo/sdk';
import type { Kernel } from '../kernel/kernel.js';
import type {
  ExecutionQuery,
  OrderQuery,
  RiskLimitRecord,
  RiskVerdictRecord,
  TradingStore,
} from '../ports/trading-store.js';
import { AccountBook, type AccountInput } from './account-book.js';
import { expiryTime, hasExpired } from './expiry.js';
import { KeyedQueue } from './keyed-queue.js';
import { Marks } from './marks.js';
import { OrderFlow } from './order-flow.js';
import { changedRequest, createOrder, isCancelable, isReplaceable } from './order-state-machine.js';
import { validateOrderRequest } from './order-validation.js';
import { type PnlReport, Portfolio } from './portfolio.js';
import { KILL_SWITCH, RiskEngine } from './risk-engine.js';
import { RiskLimitBook, type RiskRuleInfo } from './risk-rules.js';
import { venueEvents } from './venue-events.js';
import { VenueRouter } from './venue-router.js';
import { WorkingOrders } from './working-orders.js';

export interface TradingEngineConfig {
  /** Rule ids in the order they run; unlisted rules run after, by id. */
  riskRuleOrder?: readonly string[];
  /** The venue of instruments without an entry in `venues` ("sim"). */
  defaultVenue: string;
  venues?: Readonly<Record<InstrumentId, string>>;
  /** Window of recentOrderTimes (default 1000 ms). */
  throttleWindowMs?: number;
  /** How often account monitors and order expiry run (default 1000 ms). */
  timerEveryMs?: number;
}

export interface TradingEngineOptions {
  kernel: Pick<Kernel, 'contributions' | 'bus' | 'clock'>;
  store: TradingStore;
  instruments: InstrumentDirectory;
  /** Marks: last trade (followed on the bus), else the mid of the last quote. */
  marketData?: Pick<MarketDataReader, 'lastQuote'>;
  logger: Logger;
  config: TradingEngineConfig;
  /** Order ids (default: random UUIDs). */
  newId?: () => string;
}

/** Options of `TradingEngine.replace`. */
export interface ReplaceOptions {
  /** The replacement's clientOrderId (new to the account); default "<original>~<8 chars of its id>". */
  clientOrderId?: string;
}

/** What `TradingEngine.submit` resolves with. */
export interface SubmitResult {
  order: Order;
  /** The clientOrderId was used before in the account: `order` is the order it created, nothing was executed. */
  duplicate: boolean;
}

/** A submission reserved in memory whose durable write has not ended yet. */
interface PendingWrite {
  orderId: string;
  written: Promise<SubmitResult>;
}

export type KillSwitchScope = { account: string } | { desk: string } | { global: true };

/**
 * The order-management facade (docs/trading.md): validation, idempotency, pre-trade risk, durable
 * acknowledgement, routing to venues, venue events, positions and P&L, trading states, kill switch.
 */
export class TradingEngine {
  private readonly kernel: TradingEngineOptions['kernel'];
  private readonly store: TradingStore;
  private readonly logger: Logger;
  private readonly newId: () => string;
  private readonly queue = new KeyedQueue();
  private readonly working = new WorkingOrders();
  private readonly marks: Marks;
  private readonly portfolio: Portfolio;
  private readonly book: AccountBook;
  private readonly limits = new RiskLimitBook();
  private readonly risk: RiskEngine;
  private readonly router: VenueRouter;
  private readonly flow: OrderFlow;
  private readonly expiring = new Set<string>();
  /** Per account: clientOrderId → the submission whose durable write has not ended yet. */
  private readonly writing = new Map<AccountId, Map<string, PendingWrite>>();
  private readonly resources: Disposable[] = [];
  private started = false;

  constructor(private readonly options: TradingEngineOptions) {
    const { kernel, store, instruments, logger, config } = options;
    this.kernel = kernel;
    this.store = store;
    this.logger = logger;
    this.newId = options.newId ?? randomUUID;
    this.marks = new Marks(options.marketData);
    this.portfolio = new Portfolio((id) => instruments.get(id)?.multiplier ?? ('1' as Decimal));
    this.book = new AccountBook(store, kernel.bus, kernel.clock);
    this.risk = new RiskEngine({
      kernel,
      store,
      accounts: this.book,
      limits: this.limits,
      portfolio: this.portfolio,
      marks: this.marks,
      instruments,
      logger,
      ...(config.riskRuleOrder ? { riskRuleOrder: config.riskRuleOrder } : {}),
      ...(config.throttleWindowMs !== undefined ? { throttleWindowMs: config.throttleWindowMs } : {}),
      ...(config.timerEveryMs !== undefined ? { monitorEveryMs: config.timerEveryMs } : {}),
    });
    this.router = new VenueRouter({
      kernel,
      logger,
      defaultVenue: config.defaultVenue,
      ...(config.venues ? { venues: config.venues } : {}),
      events: (venue) =>
        venueEvents(venue, {
          flow: this.flow,
          router: this.router,
          portfolio: this.portfolio,
          marks: this.marks,
          logger,
          filled: (account) => void this.risk.runMonitors([account]),
        }),
      attached: (venue) => this.flow.reattach(venue),
    });
    this.flow = new OrderFlow({
      kernel,
      store,
      instruments,
      working: this.working,
      router: this.router,
      queue: this.queue,
      logger,
    });
  }

  /** Loads accounts, limits and working orders, rebuilds positions from the fills, connects the venues. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.book.load();
    this.limits.load(await this.store.riskLimits());
    await this.working.restore(await this.store.workingOrders(), (id) => this.rootInStore(id));
    await this.rebuildPortfolio();
    this.started = true;
    this.resources.push(this.marks.follow(this.kernel.bus));
    this.resources.push(
      this.kernel.clock.setInterval(() => this.sweepExpiries(), this.options.config.timerEveryMs ?? 1000),
    );
    this.risk.start();
    this.router.start();
    this.logger.info('trading engine started', {
      accounts: this.book.list().length,
      workingOrders: this.working.list().length,
    });
  }

  /** Stops timers, lets queued order work finish (at most `drainMs`, default 5 s), disconnects the venues. */
  async stop(drainMs = 5_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const r of this.resources.splice(0).reverse()) await r.dispose();
    let timer: Disposable | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = this.kernel.clock.setTimeout(() => resolve(true), drainMs);
    });
    // A venue call that never returns must not hold the host's shutdown forever.
    if (await Promise.race([this.idle().then(() => false), timedOut])) {
      this.logger.warn('trading engine stopped with order work still queued', { queued: this.queue.size });
    }
    await timer?.dispose();
    await this.router.stop();
    await this.risk.stop();
  }

  /** Resolves when every queued order task, venue connection and monitor run has finished (tests, shutdown). */
  async idle(): Promise<void> {
    do {
      await this.router.idle();
      await this.queue.idle();
      await this.risk.idle();
    } while (this.queue.size > 0);
  }

  /**
   * Validates (InvalidArgumentError naming the field), answers a repeated clientOrderId with the
   * order it created, checks risk, and stores the order (PendingNew, or Rejected with the reason)
   * with its verdicts and audit record in one transaction. The order goes to the venue after that.
   *
   * Pipelined per account: the account's turn covers only the in-memory part (the check for a
   * clientOrderId still being written, risk, reserving the order); the durable write runs after
   * it, on the order's own queue, so the account's next submissions are checked while it commits.
   */
  async submit(request: OrderRequest, actor: string): Promise<SubmitResult> {
    this.assertStarted();
    checkActor(actor);
    if (typeof request !== 'object' || request === null)
      throw new InvalidArgumentError('request: required', { field: 'request' });
    const instrument =
      typeof request.instrument === 'string' ? this.options.instruments.get(request.instrument) : undefined;
    const valid = validateOrderRequest(request, instrument, this.kernel.clock.now());
    // The turn gives back the write's promise wrapped: awaiting the write itself would hold the turn.
    const { written } = await this.queue.run(`account:${valid.account}`, async () =>
      this.reserve(valid, instrument!, actor),
    );
    return written;
  }

  /**
   * The in-memory part of a submission, under the account's turn: answers a repeat of a submission
   * still being written, checks risk against the working set, and reserves an accepted order (in the
   * working set, so the next order's check sees it, and in `recentOrderTimes`). Then starts the write.
   */
  private reserve(
    request: OrderRequest,
    instrument: Instrument,
    actor: string,
  ): { written: Promise<SubmitResult> } {
    const writing = this.writing.get(request.account)?.get(request.clientOrderId);
    if (writing) {
      // The same order once its write is over; a retry of its own when that write failed.
      return {
        written: writing.written.then(
          ({ order }) => ({ order, duplicate: true }),
          () => this.submit(request, actor),
        ),
      };
    }
    const now = this.kernel.clock.now();
    const orderId = this.newId();
    const venue = this.router.route(request.instrument);
    const outcome = this.risk.check({
      orderId,
      request,
      action: 'new',
      instrument,
      workingOrders: this.working.forRisk(request.account),
      venue: this.router.venue(venue) ? venue : null,
    });
    const order = createOrder(request, {
      orderId,
      venue,
      submittedBy: actor,
      ts: now,
      ...(outcome.reject ? { rejectReason: outcome.reject } : {}),
    });
    const reserved = order.state === 'PendingNew';
    if (reserved) {
      this.working.put(order);
      this.risk.recordOrder(request.account, now);
    }
    const audit = this.flow.audit(actor, outcome.reject ? 'order.rejected' : 'order.new', order, {
      order,
      verdicts: outcome.verdicts,
    });
    // Started here, under the turn, so one account's writes reach the store in the order they were
    // submitted (the store commits in that order, and so the audit records follow it).
    const write = this.store.transaction(async (tx): Promise<SubmitResult> => {
      // Stored earlier (before a restart, or by a write that had not ended when this one was reserved).
      const existing = await tx.findOrderByClientId(request.account, request.clientOrderId);
      if (existing) return { order: existing, duplicate: true };
      await tx.insertOrder(order);
      if (outcome.verdicts.length > 0) await tx.recordRiskVerdicts(outcome.verdicts);
      await tx.audit(audit);
      return { order, duplicate: false };
    });
    // On the order's queue, with its send to the venue right behind: a cancel or replace of the
    // order (queued once this turn is over) comes after both.
    const written = this.flow.enqueue(orderId, async () => {
      let result: SubmitResult;
      try {
        result = await write;
      } catch (error) {
        if (reserved) this.unreserve(order);
        throw error;
      }
      if (result.duplicate) {
        if (reserved) this.unreserve(order);
        return result;
      }
      this.flow.publish(order);
      return result;
    });
    // Sends nothing when the write failed or found a duplicate (the order is no longer working).
    if (reserved) this.flow.background(orderId, () => this.flow.send(orderId));
    this.trackWrite(order, written);
    return { written };
  }

  /** Takes back the reservation of an order that was not stored. */
  private unreserve(order: Order): void {
    this.working.discard(order.orderId);
    this.risk.forgetOrder(order.account, order.createdAt);
  }

  /** Notes a submission whose write is pending (repeats of its clientOrderId wait for it; so does the kill switch). */
  private trackWrite(order: Order, written: Promise<SubmitResult>): void {
    let byClientId = this.writing.get(order.account);
    if (!byClientId) {
      byClientId = new Map();
      this.writing.set(order.account, byClientId);
    }
    byClientId.set(order.clientOrderId, { orderId: order.orderId, written });
    const done = (): void => {
      byClientId.delete(order.clientOrderId);
      if (byClientId.size === 0 && this.writing.get(order.account) === byClientId)
        this.writing.delete(order.account);
    };
    written.then(done, done);
  }

  /** Resolves when the writes of the accounts' submissions pending now have ended (committed or failed). */
  private async writesEnded(accounts: readonly AccountId[]): Promise<void> {
    const pending = accounts.flatMap((id) =>
      [...(this.writing.get(id)?.values() ?? [])].map((w) => w.written),
    );
    await Promise.allSettled(pending);
  }

  /** Requests a cancel: PendingCancel now, Canceled when the venue confirms. */
  async cancel(orderId: string, actor: string): Promise<Order> {
    this.assertStarted();
    checkActor(actor);
    return this.flow.enqueue(orderId, async () => {
      const order = await this.workingOrThrow(orderId, 'canceled');
      if (!isCancelable(order) || this.working.isPendingReplacement(order))
        throw notCancelable(order, 'canceled');
      return this.flow.requestCancel(order, actor, 'order.cancel.requested');
    });
  }

  /**
   * Requests a replace: validated and risk-checked (action 'replace') as the order would be after it.
   * Returns the replacement order: PendingNew with `replaces` (the order itself goes PendingReplace,
   * then Replaced when the venue confirms), or Rejected with the reason when risk refuses.
   * The replacement's clientOrderId is `options.clientOrderId` when given (FIX: the new ClOrdID; it
   * must be new to the account, else InvalidArgumentError on `clientOrderId`), else "<original>~<8 chars>".
   */
  async replace(
    orderId: string,
    changes: OrderChanges,
    actor: string,
    options: ReplaceOptions = {},
  ): Promise<Order> {
    this.assertStarted();
    checkActor(actor);
    return this.flow.enqueue(orderId, async () => {
      const order = await this.workingOrThrow(orderId, 'replaced');
      if (!isReplaceable(order)) throw notCancelable(order, 'replaced');
      const instrument = this.options.instruments.get(order.instrument);
      checkChanges(changes);
      const now = this.kernel.clock.now();
      const replacementId = this.newId();
      const clientOrderId = options.clientOrderId ?? `${order.clientOrderId}~${replacementId.slice(0, 8)}`;
      const request = validateOrderRequest(
        { ...changedRequest(order, changes), clientOrderId },
        instrument,
        now,
      );
      if (options.clientOrderId !== undefined) {
        const taken =
          this.writing.get(order.account)?.get(request.clientOrderId) ??
          (await this.store.transaction((tx) =>
            tx.findOrderByClientId(order.account, request.clientOrderId),
          ));
        if (taken) {
          throw new InvalidArgumentError(
            `clientOrderId: "${request.clientOrderId}" is already used in account ${order.account}`,
            { field: 'clientOrderId', value: request.clientOrderId, orderId: taken.orderId },
          );
        }
      }
      if (decimal.cmp(request.quantity, order.cumQuantity) <= 0) {
        throw new InvalidArgumentError(
          `quantity: must be more than the ${order.cumQuantity} already filled`,
          {
            field: 'quantity',
            value: request.quantity,
          },
        );
      }
      const outcome = this.risk.check({
        orderId: replacementId,
        request,
        action: 'replace',
        instrument: instrument!,
        workingOrders: this.working.forRisk(order.account, order.orderId),
        venue: this.router.venue(order.venue) ? order.venue : null,
      });
      const replacement = createOrder(request, {
        orderId: replacementId,
        venue: order.venue,
        submittedBy: actor,
        ts: now,
        replaces: order.orderId,
        ...(outcome.reject ? { rejectReason: outcome.reject } : {}),
      });
      if (outcome.reject) {
        await this.flow.commit({
          inserts: [replacement],
          verdicts: outcome.verdicts,
          audits: [
            this.flow.audit(actor, 'order.rejected', replacement, {
              order: replacement,
              verdicts: outcome.verdicts,
              changes,
            }),
          ],
        });
        this.flow.publish(replacement);
        return replacement;
      }
      const pending = this.flow.transition(order, { type: 'replace-requested' })!;
      await this.flow.commit({
        inserts: [replacement],
        updates: [pending],
        verdicts: outcome.verdicts,
        audits: [
          this.flow.audit(actor, 'order.replace.requested', pending, {
            order: pending,
            replacement,
            changes,
            verdicts: outcome.verdicts,
          }),
        ],
      });
      this.working.linkReplacement(pending, replacement);
      this.risk.recordOrder(order.account, now);
      this.flow.publish(pending, replacement);
      this.flow.background(order.orderId, () => this.flow.sendReplace(order.orderId));
      return replacement;
    });
  }

  orders(query: OrderQuery): Promise<Order[]> {
    return this.store.orders(query);
  }

  async order(orderId: string): Promise<Order | null> {
    return this.working.get(orderId) ?? this.store.order(orderId);
  }

  executions(query: ExecutionQuery): Promise<Execution[]> {
    return this.store.executions(query);
  }

  /** What each risk check said about an order. */
  verdicts(orderId: string): Promise<RiskVerdictRecord[]> {
    return this.store.riskVerdicts(orderId);
  }

  /** Positions per (account, instrument, strategy), marked to market now. */
  positions(accounts?: readonly AccountId[]): Position[] {
    return this.portfolio.positions((id) => this.marks.mark(id), accounts);
  }

  /** P&L per account, desk and strategy tag, marked now. */
  pnl(accounts?: readonly AccountId[]): PnlReport {
    const wanted = accounts ? new Set(accounts) : null;
    return this.portfolio.report(
      this.book.list().filter((a) => !wanted || wanted.has(a.id)),
      (id) => this.marks.mark(id),
    );
  }

  accounts(): Account[] {
    return this.book.list();
  }

  account(id: AccountId): Account | undefined {
    return this.book.get(id);
  }

  upsertAccount(account: AccountInput, actor: string): Promise<Account> {
    this.assertStarted();
    checkActor(actor);
    return this.book.upsert(account, actor);
  }

  riskRules(): RiskRuleInfo[] {
    return this.risk.rules();
  }

  riskLimits(account?: string): RiskLimitRecord[] {
    return this.risk.riskLimits(account);
  }

  setRiskLimits(account: string, rule: string, limits: unknown, actor: string): Promise<RiskLimitRecord> {
    this.assertStarted();
    checkActor(actor);
    return this.risk.setRiskLimits(account, rule, limits, actor);
  }

  setTradingState(account: AccountId, state: TradingState, actor: string, reason: string): Promise<Account> {
    this.assertStarted();
    checkActor(actor);
    return this.risk.setTradingState(account, state, actor, reason);
  }

  /** HALTs every account of the scope and requests a cancel of every working order of those accounts. */
  async killSwitch(
    scope: KillSwitchScope,
    actor: string,
    reason: string,
  ): Promise<{ canceled: number; halted: string[] }> {
    this.assertStarted();
    checkActor(actor);
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new InvalidArgumentError('reason: required', { field: 'reason' });
    const ids = this.scopeAccounts(scope);
    const halted = await this.risk.halt(ids, actor, { code: KILL_SWITCH, text: reason });
    // Submissions that passed risk before the halt finish first (their writes committed or failed),
    // so their orders are canceled too.
    await Promise.all(ids.map((id) => this.queue.run(`account:${id}`, async () => {})));
    await this.writesEnded(ids);
    const canceledIds: string[] = [];
    for (const o of this.working.list({ accounts: new Set(ids) })) {
      if (this.working.isPendingReplacement(o)) continue;
      const done = await this.flow
        .enqueue(o.orderId, async () => {
          const current = this.working.get(o.orderId);
          if (!current || !isCancelable(current)) return false;
          await this.flow.requestCancel(current, actor, 'order.cancel.requested', {
            killSwitch: true,
            reason,
          });
          return true;
        })
        .catch((error) => {
          // One order failing to cancel must not leave the others working.
          this.logger.error('kill switch: cancel failed', { orderId: o.orderId, error: errorMessage(error) });
          return false;
        });
      if (done) canceledIds.push(o.orderId);
    }
    await this.store.transaction((tx) =>
      tx.audit({
        ts: this.kernel.clock.now(),
        actor,
        action: 'risk.kill-switch',
        ...('account' in scope ? { account: scope.account } : {}),
        subject:
          'account' in scope ? `account:${scope.account}` : 'desk' in scope ? `desk:${scope.desk}` : 'global',
        payload: { scope, reason, halted, canceled: canceledIds },
      }),
    );
    this.logger.warn('kill switch', { scope, actor, halted, canceled: canceledIds.length });
    return { canceled: canceledIds.length, halted };
  }

  private scopeAccounts(scope: KillSwitchScope): string[] {
    const s = scope as Partial<{ account: unknown; desk: unknown; global: unknown }> | null;
    if (s && typeof s.account === 'string') {
      if (!this.book.get(s.account))
        throw new NotFoundError(`account "${s.account}" does not exist`, { account: s.account });
      return [s.account];
    }
    if (s && typeof s.desk === 'string') {
      const ids = this.book
        .list()
        .filter((a) => a.desk === s.desk)
        .map((a) => a.id);
      if (ids.length === 0) throw new NotFoundError(`desk "${s.desk}" has no accounts`, { desk: s.desk });
      return ids;
    }
    if (s && s.global === true) return this.book.list().map((a) => a.id);
    throw new InvalidArgumentError('scope: must be { account }, { desk } or { global: true }', {
      field: 'scope',
    });
  }

  /** Cancels (at the venue) the orders whose time is up; the venue's confirmation makes them Expired. */
  private sweepExpiries(): void {
    const now = this.kernel.clock.now();
    for (const o of this.working.list()) {
      if (this.expiring.has(o.orderId) || !hasExpired(o, now)) continue;
      if (!isCancelable(o) || this.working.isPendingReplacement(o)) continue;
      this.expiring.add(o.orderId);
      void this.flow
        .enqueue(o.orderId, async () => {
          const current = this.working.get(o.orderId);
          if (!current || !isCancelable(current)) return;
          await this.flow.requestCancel(current, 'system', 'order.expire.requested', {
            expireAt: expiryTime(current),
          });
        })
        .catch((error) =>
          this.logger.error('order expiry failed', { orderId: o.orderId, error: errorMessage(error) }),
        )
        .finally(() => this.expiring.delete(o.orderId));
    }
  }

  private async workingOrThrow(orderId: string, what: string): Promise<Order> {
    if (typeof orderId !== 'string' || orderId === '')
      throw new InvalidArgumentError('orderId: required', { field: 'orderId' });
    const order = this.working.get(orderId);
    if (order) return order;
    const stored = await this.store.order(orderId);
    if (!stored) throw new NotFoundError(`order "${orderId}" does not exist`, { orderId });
    throw notCancelable(stored, what);
  }

  /** The first order of a replace chain, following `replaces` in storage. */
  private async rootInStore(orderId: string): Promise<string> {
    let id = orderId;
    for (let hops = 0; hops < 10_000; hops++) {
      const order = await this.store.order(id);
      if (!order?.replaces) return id;
      id = order.replaces;
    }
    return id;
  }

  private async rebuildPortfolio(): Promise<void> {
    const executions = [...(await this.store.executions({}))].sort((a, b) => a.ts - b.ts);
    const strategies = new Map<string, string | undefined>();
    for (const e of executions) {
      if (!strategies.has(e.orderId)) {
        const order = this.working.get(e.orderId) ?? (await this.store.order(e.orderId));
        strategies.set(e.orderId, order?.strategy);
      }
      this.portfolio.apply(e, strategies.get(e.orderId));
    }
  }

  private assertStarted(): void {
    if (!this.started)
      throw new QmoError(ERROR_CODES.SERVICE_UNAVAILABLE, 'the trading engine is not started');
  }
}

function notCancelable(order: Order, what: string): QmoError {
  return new QmoError(
    ERROR_CODES.ORDER_NOT_CANCELABLE,
    `order ${order.orderId} is ${order.state} and cannot be ${what} now`,
    {
      orderId: order.orderId,
      state: order.state,
    },
  );
}

function checkActor(actor: string): void {
  if (typeof actor !== 'string' || actor === '')
    throw new InvalidArgumentError('actor: required', { field: 'actor' });
}

function checkChanges(changes: OrderChanges): void {
  if (typeof changes !== 'object' || changes === null)
    throw new InvalidArgumentError('changes: required', { field: 'changes' });
  const keys = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined);
  const unknown = keys.find((k) => k !== 'quantity' && k !== 'limitPrice' && k !== 'stopPrice');
  if (unknown)
    throw new InvalidArgumentError(`${unknown}: cannot be changed by a replace`, { field: unknown });
  if (keys.length === 0) throw new InvalidArgumentError('changes: nothing to change', { field: 'changes' });
}
