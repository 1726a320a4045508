/**
 * A minimal in-memory `TradingStore` (core/src/ports/trading-store.ts) for the order-acknowledgement
 * benchmark: what the engine costs without a database.
 *
 * Like a database, it serialises transactions, applies a transaction's writes only when `work`
 * resolves (a throw discards them) and keeps and hands out copies of orders, executions and
 * accounts (structuredClone), so callers never share those with it; audit entries and verdicts,
 * which the engine builds for the write and never touches again, are kept as given. Unlike core's test helper (core/test/trading/helpers.ts), which clones the whole
 * state per transaction and scans for client order ids, it keeps indexes and a per-transaction
 * overlay, so its cost does not grow with the number of orders stored. No hash chain, no
 * persistence: the figures on it are the engine's own.
 */

const FINAL = new Set(['Filled', 'Canceled', 'Replaced', 'Rejected', 'Expired']);
const clone = (value) => structuredClone(value);
const clientKey = (account, clientOrderId) => `${account}\u0000${clientOrderId}`;

export class MemoryTradingStore {
  orderMap = new Map();
  byClientId = new Map();
  executionMap = new Map();
  accountMap = new Map();
  limitMap = new Map();
  verdictMap = new Map();
  auditLog = [];
  transactions = 0;
  #lock = Promise.resolve();

  transaction(work) {
    const run = async () => {
      const tx = new MemoryTx(this);
      const result = await work(tx);
      tx.commit();
      this.transactions++;
      return result;
    };
    const result = this.#lock.then(run, run);
    this.#lock = result.catch(() => undefined);
    return result;
  }

  async workingOrders() {
    return [...this.orderMap.values()].filter((o) => !FINAL.has(o.state)).map(clone);
  }

  async orders(query) {
    const rows = [...this.orderMap.values()]
      .filter((o) => !query.accounts || query.accounts.includes(o.account))
      .filter((o) => !query.states || query.states.includes(o.state))
      .filter((o) => query.from === undefined || o.createdAt >= query.from)
      .filter((o) => query.to === undefined || o.createdAt < query.to)
      .sort((a, b) => a.createdAt - b.createdAt);
    return (query.limit === undefined ? rows : rows.slice(-query.limit)).map(clone);
  }

  async order(orderId) {
    const o = this.orderMap.get(orderId);
    return o ? clone(o) : null;
  }

  async executions(query) {
    const rows = [...this.executionMap.values()]
      .filter((e) => !query.accounts || query.accounts.includes(e.account))
      .filter((e) => query.orderId === undefined || e.orderId === query.orderId)
      .filter((e) => query.from === undefined || e.ts >= query.from)
      .filter((e) => query.to === undefined || e.ts < query.to);
    return (query.limit === undefined ? rows : rows.slice(0, query.limit)).map(clone);
  }

  async accounts() {
    return [...this.accountMap.values()].map(clone);
  }

  async riskLimits() {
    return [...this.limitMap.values()].map(clone);
  }

  async riskVerdicts(orderId) {
    return (this.verdictMap.get(orderId) ?? []).map(clone);
  }
}

/** One transaction: reads see the store plus this transaction's own writes; writes land on commit. */
class MemoryTx {
  #store;
  #orders = new Map();
  #clientIds = new Map();
  #executions = new Map();
  #accounts = new Map();
  #limits = new Map();
  #verdicts = [];
  #audit = [];

  constructor(store) {
    this.#store = store;
  }

  #order(orderId) {
    return this.#orders.get(orderId) ?? this.#store.orderMap.get(orderId);
  }

  async findOrderByClientId(account, clientOrderId) {
    const key = clientKey(account, clientOrderId);
    const id = this.#clientIds.get(key) ?? this.#store.byClientId.get(key);
    const o = id === undefined ? undefined : this.#order(id);
    return o ? clone(o) : null;
  }

  async getOrder(orderId) {
    const o = this.#order(orderId);
    return o ? clone(o) : null;
  }

  async insertOrder(order) {
    if (this.#order(order.orderId)) throw new Error(`duplicate order id ${order.orderId}`);
    const key = clientKey(order.account, order.clientOrderId);
    if (this.#clientIds.has(key) || this.#store.byClientId.has(key))
      throw new Error(`unique violation: (${order.account}, ${order.clientOrderId})`);
    this.#orders.set(order.orderId, clone(order));
    this.#clientIds.set(key, order.orderId);
  }

  async updateOrder(order) {
    if (!this.#order(order.orderId)) throw new Error(`no order ${order.orderId}`);
    this.#orders.set(order.orderId, clone(order));
  }

  async insertExecution(execution) {
    if (this.#executions.has(execution.executionId) || this.#store.executionMap.has(execution.executionId))
      return false;
    if (!this.#order(execution.orderId)) throw new Error(`foreign key: no order ${execution.orderId}`);
    this.#executions.set(execution.executionId, clone(execution));
    return true;
  }

  async recordRiskVerdicts(verdicts) {
    for (const v of verdicts) this.#verdicts.push(v);
  }

  async upsertAccount(account) {
    this.#accounts.set(account.id, clone(account));
  }

  async setTradingState(account, state, reason) {
    const current = this.#accounts.get(account) ?? this.#store.accountMap.get(account);
    if (!current) throw new Error(`no account ${account}`);
    const { stateReason: _, ...rest } = current;
    this.#accounts.set(
      account,
      reason ? { ...rest, tradingState: state, stateReason: reason } : { ...rest, tradingState: state },
    );
  }

  async setRiskLimits(record) {
    this.#limits.set(`${record.account}|${record.rule}`, clone(record));
  }

  async audit(entry) {
    this.#audit.push(entry);
  }

  commit() {
    const s = this.#store;
    for (const [id, o] of this.#orders) s.orderMap.set(id, o);
    for (const [key, id] of this.#clientIds) s.byClientId.set(key, id);
    for (const [id, e] of this.#executions) s.executionMap.set(id, e);
    for (const [id, a] of this.#accounts) s.accountMap.set(id, a);
    for (const [key, l] of this.#limits) s.limitMap.set(key, l);
    for (const v of this.#verdicts) {
      const list = s.verdictMap.get(v.orderId);
      if (list) list.push(v);
      else s.verdictMap.set(v.orderId, [v]);
    }
    for (const a of this.#audit) s.auditLog.push(a);
  }
}
