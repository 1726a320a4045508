import {
  type Account,
  type AccountId,
  type DefinedPlugin,
  type Disposable,
  definePlugin,
  type Execution,
  extensionPoints,
  FINAL_ORDER_STATES,
  type Instrument,
  manifestSchema,
  type Order,
  type OrderChanges,
  type OrderRequest,
  type PluginKind,
  type QmoEvents,
  type RiskRule,
  silentLogger,
  type TradingState,
  type VenueAdapter,
  type VenueEvents,
} from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import {
  type AuditEntry,
  type ExecutionQuery,
  InstrumentRegistry,
  Kernel,
  type OrderQuery,
  type RiskLimitRecord,
  type RiskVerdictRecord,
  TradingEngine,
  type TradingEngineConfig,
  type TradingStore,
  type TradingTx,
} from '../../src/index.js';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

// ─── Instruments ────────────────────────────────────────────────────────────

export const ES: Instrument = {
  id: 'ESZ6',
  assetClass: 'future',
  symbol: 'ESZ6',
  tickSize: '0.25',
  lotSize: '1',
  pricePrecision: 2,
  currency: 'USD',
  multiplier: '50',
  venueSymbols: {},
  underlying: 'ES',
  expiry: '2026-12-18',
} as Instrument;

export const BTC: Instrument = {
  id: 'BTC-USD',
  assetClass: 'crypto',
  symbol: 'BTC/USD',
  tickSize: '0.01',
  lotSize: '0.001',
  minQuantity: '0.002',
  pricePrecision: 2,
  currency: 'USD',
  multiplier: '1',
  venueSymbols: {},
  baseCurrency: 'BTC',
} as Instrument;

export function instrumentRegistry(instruments: readonly Instrument[] = [ES, BTC]): InstrumentRegistry {
  const registry = new InstrumentRegistry();
  registry.add('test', instruments);
  return registry;
}

// ─── In-memory TradingStore: transactions apply on commit, are discarded on throw ───

interface StoreState {
  orders: Map<string, Order>;
  executions: Map<string, Execution>;
  accounts: Map<AccountId, Account>;
  limits: Map<string, RiskLimitRecord>;
  verdicts: RiskVerdictRecord[];
  audit: AuditEntry[];
}

const clone = <T>(value: T): T => structuredClone(value);

export class MemoryTradingStore implements TradingStore {
  state: StoreState = {
    orders: new Map(),
    executions: new Map(),
    accounts: new Map(),
    limits: new Map(),
    verdicts: [],
    audit: [],
  };
  transactions = 0;
  /** Makes the next transaction throw before it commits (a database failure). */
  failNextTransaction: Error | null = null;
  private lock: Promise<unknown> = Promise.resolve();

  transaction<T>(work: (tx: TradingTx) => Promise<T>): Promise<T> {
    const run = async () => {
      const draft = clone(this.state);
      const result = await work(new MemoryTx(draft));
      if (this.failNextTransaction) {
        const error = this.failNextTransaction;
        this.failNextTransaction = null;
        throw error;
      }
      this.state = draft;
      this.transactions++;
      return result;
    };
    const result = this.lock.then(run, run);
    this.lock = result.catch(() => undefined);
    return result;
  }

  async workingOrders(): Promise<Order[]> {
    return [...this.state.orders.values()].filter((o) => !FINAL_ORDER_STATES.has(o.state)).map(clone);
  }

  async orders(query: OrderQuery): Promise<Order[]> {
    const rows = [...this.state.orders.values()]
      .filter((o) => !query.accounts || query.accounts.includes(o.account))
      .filter((o) => !query.states || query.states.includes(o.state))
      .filter((o) => query.from === undefined || o.createdAt >= query.from)
      .filter((o) => query.to === undefined || o.createdAt < query.to)
      .sort((a, b) => b.createdAt - a.createdAt);
    return (query.limit === undefined ? rows : rows.slice(0, query.limit)).map(clone);
  }

  async order(orderId: string): Promise<Order | null> {
    const o = this.state.orders.get(orderId);
    return o ? clone(o) : null;
  }

  async executions(query: ExecutionQuery): Promise<Execution[]> {
    const rows = [...this.state.executions.values()]
      .filter((e) => !query.accounts || query.accounts.includes(e.account))
      .filter((e) => query.orderId === undefined || e.orderId === query.orderId)
      .filter((e) => query.from === undefined || e.ts >= query.from)
      .filter((e) => query.to === undefined || e.ts < query.to);
    return (query.limit === undefined ? rows : rows.slice(0, query.limit)).map(clone);
  }

  async accounts(): Promise<Account[]> {
    return [...this.state.accounts.values()].map(clone);
  }

  async riskLimits(): Promise<RiskLimitRecord[]> {
    return [...this.state.limits.values()].map(clone);
  }

  async riskVerdicts(orderId: string): Promise<RiskVerdictRecord[]> {
    return this.state.verdicts.filter((v) => v.orderId === orderId).map(clone);
  }

  /** Audit entries with this action, in order. */
  audits(action?: string): AuditEntry[] {
    return this.state.audit.filter((a) => action === undefined || a.action === action);
  }
}

/**
 * A MemoryTradingStore whose commits the test holds, as a database would while a group commits:
 * while `holding`, each transaction waits (its promise pending, any number at once) until the test
 * releases it (it then runs and commits, in the order submitted) or fails it (nothing is written).
 */
export class HeldTradingStore extends MemoryTradingStore {
  holding = false;
  private readonly waiting: { release: () => void; fail: (error: Error) => void }[] = [];

  override transaction<T>(work: (tx: TradingTx) => Promise<T>): Promise<T> {
    if (!this.holding) return super.transaction(work);
    const gate = new Promise<void>((release, fail) => this.waiting.push({ release, fail }));
    return gate.then(() => super.transaction(work));
  }

  /** Transactions held now. */
  get held(): number {
    return this.waiting.length;
  }

  /** Lets the first `count` held transactions run and commit (in the order they were submitted). */
  release(count = this.waiting.length): void {
    for (const t of this.waiting.splice(0, count)) t.release();
  }

  /** Fails the first held transaction: its promise rejects with `error`, nothing is written. */
  fail(error: Error): void {
    this.waiting.shift()?.fail(error);
  }
}

/** Lets promise work run (setImmediate turns) until `done()` is true. */
export async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

/** One transaction's view: writes go to the draft, which becomes the state only on commit. */
class MemoryTx implements TradingTx {
  constructor(private readonly s: StoreState) {}

  async findOrderByClientId(account: AccountId, clientOrderId: string): Promise<Order | null> {
    const o = [...this.s.orders.values()].find(
      (x) => x.account === account && x.clientOrderId === clientOrderId,
    );
    return o ? clone(o) : null;
  }
  async getOrder(orderId: string): Promise<Order | null> {
    const o = this.s.orders.get(orderId);
    return o ? clone(o) : null;
  }
  async insertOrder(order: Order): Promise<void> {
    if (this.s.orders.has(order.orderId)) throw new Error(`duplicate order id ${order.orderId}`);
    if (await this.findOrderByClientId(order.account, order.clientOrderId)) {
      throw new Error(`unique violation: (${order.account}, ${order.clientOrderId})`);
    }
    this.s.orders.set(order.orderId, clone(order));
  }
  async updateOrder(order: Order): Promise<void> {
    if (!this.s.orders.has(order.orderId)) throw new Error(`no order ${order.orderId}`);
    this.s.orders.set(order.orderId, clone(order));
  }
  async insertExecution(execution: Execution): Promise<boolean> {
    if (this.s.executions.has(execution.executionId)) return false;
    if (!this.s.orders.has(execution.orderId)) throw new Error(`foreign key: no order ${execution.orderId}`);
    this.s.executions.set(execution.executionId, clone(execution));
    return true;
  }
  async recordRiskVerdicts(verdicts: readonly RiskVerdictRecord[]): Promise<void> {
    this.s.verdicts.push(...verdicts.map(clone));
  }
  async upsertAccount(account: Account): Promise<void> {
    this.s.accounts.set(account.id, clone(account));
  }
  async setTradingState(
    account: AccountId,
    state: TradingState,
    reason: { code: string; text: string; since: number } | null,
  ): Promise<void> {
    const a = this.s.accounts.get(account);
    if (!a) throw new Error(`no account ${account}`);
    const { stateReason: _, ...rest } = a;
    this.s.accounts.set(
      account,
      reason ? { ...rest, tradingState: state, stateReason: reason } : { ...rest, tradingState: state },
    );
  }
  async setRiskLimits(record: RiskLimitRecord): Promise<void> {
    this.s.limits.set(`${record.account}|${record.rule}`, clone(record));
  }
  async audit(entry: AuditEntry): Promise<void> {
    this.s.audit.push(clone(entry));
  }
}

// ─── Kernel and in-process plugins ──────────────────────────────────────────

export function newKernel(
  clock = new FakeClock(T0),
  faultThreshold = 1000,
): { kernel: Kernel; clock: FakeClock } {
  return { kernel: new Kernel({ sdkVersion: '1.0.0', clock, faultThreshold }), clock };
}

export async function addPlugin(
  kernel: Kernel,
  id: string,
  kind: PluginKind,
  definition: DefinedPlugin<unknown>,
  version = '1.0.0',
): Promise<void> {
  await kernel.register([
    {
      manifest: manifestSchema.parse({ id, kind, version, engines: { qmo: '^1.0.0' } }),
      location: 'test',
      definition,
    },
  ]);
  await kernel.start();
}

// biome-ignore lint/suspicious/noExplicitAny: rules of any limits type, like extensionPoints.riskRules
export function rulePlugin(...rules: RiskRule<any>[]): DefinedPlugin<unknown> {
  return definePlugin({
    kind: 'risk',
    activate(context) {
      for (const rule of rules) context.register(extensionPoints.riskRules, rule);
    },
  }) as DefinedPlugin<unknown>;
}

/** A venue the test drives: records what it was sent; accepts, fills, cancels on command. */
export class FakeVenue implements VenueAdapter {
  events: VenueEvents | null = null;
  readonly submitted: Order[] = [];
  readonly canceled: Order[] = [];
  readonly replaced: { order: Order; changes: OrderChanges }[] = [];
  readonly restored: Order[][] = [];
  connects = 0;
  disposed = 0;
  /** Accept every order as soon as it is submitted. */
  autoAccept = true;
  /** Confirm every cancel as soon as it is requested. */
  autoCancel = false;
  /** Confirm every replace as soon as it is requested. */
  autoReplace = false;
  submitError: Error | null = null;
  withRestore = false;
  private fills = 0;

  constructor(readonly venue = 'sim') {}

  instruments(): Instrument[] {
    return [ES, BTC];
  }
  connect(events: VenueEvents): Disposable {
    this.events = events;
    this.connects++;
    return { dispose: () => void this.disposed++ };
  }
  async submit(order: Order): Promise<void> {
    if (this.submitError) throw this.submitError;
    this.submitted.push(order);
    if (this.autoAccept) this.events!.accepted(order.orderId, `V-${order.orderId}`);
  }
  async cancel(order: Order): Promise<void> {
    this.canceled.push(order);
    if (this.autoCancel) this.events!.canceled(order.orderId);
  }
  async replace(order: Order, changes: OrderChanges): Promise<void> {
    this.replaced.push({ order, changes });
    if (this.autoReplace) this.events!.replaced(order.orderId, changes);
  }
  get restore(): ((orders: readonly Order[]) => Promise<void>) | undefined {
    return this.withRestore ? async (orders) => void this.restored.push([...orders]) : undefined;
  }

  fill(order: Order | string, quantity: string, price: string, fee = '0'): string {
    const orderId = typeof order === 'string' ? order : order.orderId;
    const executionId = `X-${this.venue}-${++this.fills}`;
    this.events!.executed(this.execution(orderId, executionId, quantity, price, fee));
    return executionId;
  }

  execution(orderId: string, executionId: string, quantity: string, price: string, fee = '0'): Execution {
    return {
      executionId,
      orderId,
      clientOrderId: '',
      account: '',
      instrument: '',
      side: 'buy',
      price: price as Execution['price'],
      quantity: quantity as Execution['quantity'],
      fee: fee as Execution['fee'],
      feeCurrency: 'USD',
      liquidity: 'taker',
      venue: this.venue,
      ts: 0,
    };
  }
}

export function venuePlugin(venue: FakeVenue): DefinedPlugin<unknown> {
  return definePlugin({
    kind: 'venue',
    activate(context) {
      context.register(extensionPoints.venues, venue);
    },
  }) as DefinedPlugin<unknown>;
}

// ─── An engine on the in-memory store ───────────────────────────────────────

export interface Rig {
  kernel: Kernel;
  clock: FakeClock;
  store: MemoryTradingStore;
  engine: TradingEngine;
  instruments: InstrumentRegistry;
  events: { [K in keyof QmoEvents]?: QmoEvents[K][] };
}

export async function rig(
  options: {
    kernel?: Kernel;
    clock?: FakeClock;
    store?: MemoryTradingStore;
    config?: Partial<TradingEngineConfig>;
    accounts?: (Omit<Account, 'tradingState'> & { tradingState?: TradingState })[];
    instruments?: Instrument[];
    newId?: () => string;
  } = {},
): Promise<Rig> {
  const made = options.kernel ? { kernel: options.kernel, clock: options.clock! } : newKernel(options.clock);
  const store = options.store ?? new MemoryTradingStore();
  const instruments = instrumentRegistry(options.instruments);
  let n = 0;
  const engine = new TradingEngine({
    kernel: made.kernel,
    store,
    instruments,
    logger: silentLogger,
    config: { defaultVenue: 'sim', ...options.config },
    newId:
      options.newId ??
      (() => `O${(++n).toString().padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`),
  });
  const events: Rig['events'] = {};
  for (const topic of ['order.updated', 'execution.created', 'position.updated', 'account.state'] as const) {
    made.kernel.bus.on(topic, (payload) => {
      if (!events[topic]) events[topic] = [];
      (events[topic] as unknown[]).push(structuredClone(payload));
    });
  }
  await engine.start();
  for (const a of options.accounts ?? []) await engine.upsertAccount(a, 'admin');
  return { ...made, store, engine, instruments, events };
}

export const ACCOUNT = {
  id: 'acc-1',
  name: 'Account 1',
  desk: 'desk-a',
  currency: 'USD',
  startingEquity: '1000000',
} as Omit<Account, 'tradingState'>;

let seq = 0;
export function request(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: `c-${++seq}`,
    account: ACCOUNT.id,
    instrument: ES.id,
    side: 'buy',
    type: 'limit',
    quantity: '5',
    limitPrice: '5000.25',
    timeInForce: 'GTC',
    ...overrides,
  } as OrderRequest;
}

/** Lets queued promise work (venue events, sends) run. */
export async function settle(engine: TradingEngine): Promise<void> {
  await engine.idle();
}
