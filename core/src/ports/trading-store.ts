import type { Account, AccountId, Execution, Order, OrderState, TradingState } from '@qmo/sdk';
import type { AuditEntry } from './audit-journal.js';

export interface RiskVerdictRecord {
  orderId: string;
  clientOrderId: string;
  account: AccountId;
  /** `pluginId/ruleId@version`, or "engine/<check>" for the engine's own checks (trading state, kill switch). */
  rule: string;
  pass: boolean;
  code: string | null;
  reason: string | null;
  compared: Record<string, string | number | boolean | null>;
  ts: number;
}

export interface RiskLimitRecord {
  /** An account id, or "*" for the default of every account. */
  account: string;
  rule: string;
  limits: Record<string, unknown>;
  updatedAt: number;
  updatedBy: string;
}

export interface OrderQuery {
  accounts?: readonly AccountId[];
  states?: readonly OrderState[];
  from?: number;
  to?: number;
  limit?: number;
}

export interface ExecutionQuery {
  accounts?: readonly AccountId[];
  orderId?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** One database transaction: the change and its audit record commit together, or neither does. */
export interface TradingTx {
  findOrderByClientId(account: AccountId, clientOrderId: string): Promise<Order | null>;
  getOrder(orderId: string): Promise<Order | null>;
  insertOrder(order: Order): Promise<void>;
  updateOrder(order: Order): Promise<void>;
  /** Returns false when the execution id was already stored (a repeated fill is not applied twice). */
  insertExecution(execution: Execution): Promise<boolean>;
  recordRiskVerdicts(verdicts: readonly RiskVerdictRecord[]): Promise<void>;
  /** Creates or updates an account; creates its desk when the desk is unknown. */
  upsertAccount(account: Account): Promise<void>;
  setTradingState(
    account: AccountId,
    state: TradingState,
    reason: { code: string; text: string; since: number } | null,
  ): Promise<void>;
  setRiskLimits(record: RiskLimitRecord): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

/** Durable storage of orders, fills, accounts, limits and verdicts (the host implements it on drizzle). */
export interface TradingStore {
  transaction<T>(work: (tx: TradingTx) => Promise<T>): Promise<T>;
  /** Orders not in a final state, to restore at start. */
  workingOrders(): Promise<Order[]>;
  orders(query: OrderQuery): Promise<Order[]>;
  order(orderId: string): Promise<Order | null>;
  executions(query: ExecutionQuery): Promise<Execution[]>;
  accounts(): Promise<Account[]>;
  riskLimits(): Promise<RiskLimitRecord[]>;
  riskVerdicts(orderId: string): Promise<RiskVerdictRecord[]>;
}
