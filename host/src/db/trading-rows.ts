import type { RiskLimitRecord, RiskVerdictRecord } from '@qmo/core';
import {
  type Account,
  dec,
  type Execution,
  InvalidArgumentError,
  isDecimal,
  type Order,
  type OrderState,
  type TradingState,
} from '@qmo/sdk';
import type { accounts, executions, orders, riskLimits, riskVerdicts } from './trading-schema.js';

/**
 * Rows ↔ SDK objects. An optional field that is absent is NULL in its column and absent again
 * when read (never `undefined`-valued); decimals are written as given (checked to be exact
 * decimals: `numeric` would also take 'NaN') and read back canonical through the SDK's `dec`.
 */

type OrderRow = typeof orders.$inferSelect;
type ExecutionRow = typeof executions.$inferSelect;
type AccountRow = typeof accounts.$inferSelect;
type RiskLimitRow = typeof riskLimits.$inferSelect;
type RiskVerdictRow = typeof riskVerdicts.$inferSelect;

function decimal(value: string, field: string): string {
  if (!isDecimal(value)) {
    throw new InvalidArgumentError(`${field} is not an exact decimal: ${JSON.stringify(value)}`, { field });
  }
  return value;
}

function optionalDecimal(value: string | undefined | null, field: string): string | null {
  return value === undefined || value === null ? null : decimal(value, field);
}

export function orderToRow(order: Order): OrderRow {
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    account: order.account,
    instrument: order.instrument,
    side: order.side,
    type: order.type,
    quantity: decimal(order.quantity, 'quantity'),
    limitPrice: optionalDecimal(order.limitPrice, 'limitPrice'),
    stopPrice: optionalDecimal(order.stopPrice, 'stopPrice'),
    timeInForce: order.timeInForce,
    expireAt: order.expireAt ?? null,
    displayQuantity: optionalDecimal(order.displayQuantity, 'displayQuantity'),
    postOnly: order.postOnly ?? null,
    reduceOnly: order.reduceOnly ?? null,
    strategy: order.strategy ?? null,
    venue: order.venue,
    venueOrderId: order.venueOrderId ?? null,
    state: order.state,
    cumQuantity: decimal(order.cumQuantity, 'cumQuantity'),
    leavesQuantity: decimal(order.leavesQuantity, 'leavesQuantity'),
    avgPrice: optionalDecimal(order.avgPrice, 'avgPrice'),
    submittedBy: order.submittedBy,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    rejectReason: order.rejectReason ?? null,
    replacedBy: order.replacedBy ?? null,
    replaces: order.replaces ?? null,
  };
}

export function rowToOrder(row: OrderRow): Order {
  const order: Order = {
    orderId: row.orderId,
    clientOrderId: row.clientOrderId,
    account: row.account,
    instrument: row.instrument,
    side: row.side as Order['side'],
    type: row.type as Order['type'],
    quantity: dec(row.quantity),
    timeInForce: row.timeInForce as Order['timeInForce'],
    venue: row.venue,
    state: row.state as OrderState,
    cumQuantity: dec(row.cumQuantity),
    leavesQuantity: dec(row.leavesQuantity),
    avgPrice: row.avgPrice === null ? null : dec(row.avgPrice),
    submittedBy: row.submittedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (row.limitPrice !== null) order.limitPrice = dec(row.limitPrice);
  if (row.stopPrice !== null) order.stopPrice = dec(row.stopPrice);
  if (row.expireAt !== null) order.expireAt = row.expireAt;
  if (row.displayQuantity !== null) order.displayQuantity = dec(row.displayQuantity);
  if (row.postOnly !== null) order.postOnly = row.postOnly;
  if (row.reduceOnly !== null) order.reduceOnly = row.reduceOnly;
  if (row.strategy !== null) order.strategy = row.strategy;
  if (row.venueOrderId !== null) order.venueOrderId = row.venueOrderId;
  if (row.rejectReason !== null) order.rejectReason = row.rejectReason as Order['rejectReason'];
  if (row.replacedBy !== null) order.replacedBy = row.replacedBy;
  if (row.replaces !== null) order.replaces = row.replaces;
  return order;
}

export function executionToRow(execution: Execution): ExecutionRow {
  return {
    executionId: execution.executionId,
    orderId: execution.orderId,
    clientOrderId: execution.clientOrderId,
    account: execution.account,
    instrument: execution.instrument,
    side: execution.side,
    price: decimal(execution.price, 'price'),
    quantity: decimal(execution.quantity, 'quantity'),
    fee: decimal(execution.fee, 'fee'),
    feeCurrency: execution.feeCurrency,
    liquidity: execution.liquidity,
    venue: execution.venue,
    ts: execution.ts,
  };
}

export function rowToExecution(row: ExecutionRow): Execution {
  return {
    executionId: row.executionId,
    orderId: row.orderId,
    clientOrderId: row.clientOrderId,
    account: row.account,
    instrument: row.instrument,
    side: row.side as Execution['side'],
    price: dec(row.price),
    quantity: dec(row.quantity),
    fee: dec(row.fee),
    feeCurrency: row.feeCurrency,
    liquidity: row.liquidity as Execution['liquidity'],
    venue: row.venue,
    ts: row.ts,
  };
}

export function rowToAccount(row: AccountRow): Account {
  const account: Account = {
    id: row.id,
    name: row.name,
    desk: row.deskId,
    currency: row.currency,
    startingEquity: dec(row.startingEquity),
    tradingState: row.tradingState as TradingState,
  };
  if (row.stateReason !== null) account.stateReason = row.stateReason;
  return account;
}

export function accountToRow(account: Account): AccountRow {
  return {
    id: account.id,
    name: account.name,
    deskId: account.desk,
    currency: account.currency,
    startingEquity: decimal(account.startingEquity, 'startingEquity'),
    tradingState: account.tradingState,
    stateReason: account.stateReason ?? null,
  };
}

export function rowToRiskLimit(row: RiskLimitRow): RiskLimitRecord {
  return {
    account: row.account,
    rule: row.rule,
    limits: row.limits,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export function verdictToRow(verdict: RiskVerdictRecord): Omit<RiskVerdictRow, 'id'> {
  return {
    orderId: verdict.orderId,
    clientOrderId: verdict.clientOrderId,
    account: verdict.account,
    rule: verdict.rule,
    pass: verdict.pass,
    code: verdict.code,
    reason: verdict.reason,
    compared: verdict.compared,
    ts: verdict.ts,
  };
}

export function rowToVerdict(row: RiskVerdictRow): RiskVerdictRecord {
  return {
    orderId: row.orderId,
    clientOrderId: row.clientOrderId,
    account: row.account,
    rule: row.rule,
    pass: row.pass,
    code: row.code,
    reason: row.reason,
    compared: row.compared,
    ts: row.ts,
  };
}
