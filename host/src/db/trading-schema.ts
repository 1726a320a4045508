import { FINAL_ORDER_STATES, ORDER_STATES } from '@qmo/sdk';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';

/**
 * Trading tables: desks, accounts, orders, executions, risk limits and verdicts, and the audit
 * trail. Times are epoch milliseconds (`bigint`), money, prices and quantities unconstrained
 * `numeric` (exact; read back as strings, the SDK's `Decimal`).
 */

/** `'A', 'B', …` for a CHECK constraint over constant strings of the SDK. */
const sqlList = (values: Iterable<string>) =>
  sql.raw(
    [...values]
      .sort()
      .map((v) => `'${v.replaceAll("'", "''")}'`)
      .join(', '),
  );

export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;

export const desks = pgTable('desks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    deskId: text('desk_id')
      .notNull()
      .references(() => desks.id),
    currency: text('currency').notNull(),
    startingEquity: numeric('starting_equity').notNull(),
    tradingState: text('trading_state', { enum: TRADING_STATES }).notNull().default('ACTIVE'),
    /** `{ code, text, since }` while the account is not ACTIVE; NULL otherwise. */
    stateReason: jsonb('state_reason').$type<{ code: string; text: string; since: number }>(),
  },
  (t) => [
    check('accounts_trading_state_check', sql`${t.tradingState} in (${sqlList(TRADING_STATES)})`),
    index('accounts_desk_idx').on(t.deskId),
  ],
);

/**
 * Every order the engine accepted or refused. `account` is not a foreign key: an order for an
 * unknown account is stored as Rejected (ACCOUNT_UNKNOWN) too.
 */
export const orders = pgTable(
  'orders',
  {
    orderId: text('order_id').primaryKey(),
    clientOrderId: text('client_order_id').notNull(),
    account: text('account').notNull(),
    instrument: text('instrument').notNull(),
    side: text('side').notNull(),
    type: text('type').notNull(),
    quantity: numeric('quantity').notNull(),
    limitPrice: numeric('limit_price'),
    stopPrice: numeric('stop_price'),
    timeInForce: text('time_in_force').notNull(),
    expireAt: bigint('expire_at', { mode: 'number' }),
    displayQuantity: numeric('display_quantity'),
    postOnly: boolean('post_only'),
    reduceOnly: boolean('reduce_only'),
    strategy: text('strategy'),
    venue: text('venue').notNull(),
    venueOrderId: text('venue_order_id'),
    state: text('state').notNull(),
    cumQuantity: numeric('cum_quantity').notNull(),
    leavesQuantity: numeric('leaves_quantity').notNull(),
    avgPrice: numeric('avg_price'),
    submittedBy: text('submitted_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    /** `{ source, code, text, rule? }` */
    rejectReason: jsonb('reject_reason').$type<{
      source: string;
      code: string;
      text: string;
      rule?: string;
    }>(),
    replacedBy: text('replaced_by'),
    replaces: text('replaces'),
  },
  (t) => [
    unique('orders_account_client_order_id_unique').on(t.account, t.clientOrderId),
    check('orders_state_check', sql`${t.state} in (${sqlList(ORDER_STATES)})`),
    // Small: only the orders still working are in it (what the engine restores at start).
    index('orders_working_idx')
      .on(t.state)
      .where(sql`${t.state} not in (${sqlList(FINAL_ORDER_STATES)})`),
    index('orders_account_created_idx').on(t.account, t.createdAt),
    index('orders_created_idx').on(t.createdAt),
  ],
);

/** Fills. The key refuses a repeated execution id (a fill reported twice is applied once). */
export const executions = pgTable(
  'executions',
  {
    executionId: text('execution_id').primaryKey(),
    orderId: text('order_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    account: text('account').notNull(),
    instrument: text('instrument').notNull(),
    side: text('side').notNull(),
    price: numeric('price').notNull(),
    quantity: numeric('quantity').notNull(),
    fee: numeric('fee').notNull(),
    feeCurrency: text('fee_currency').notNull(),
    liquidity: text('liquidity').notNull(),
    venue: text('venue').notNull(),
    ts: bigint('ts', { mode: 'number' }).notNull(),
  },
  (t) => [
    foreignKey({ name: 'executions_order_fk', columns: [t.orderId], foreignColumns: [orders.orderId] }),
    index('executions_order_idx').on(t.orderId),
    index('executions_account_ts_idx').on(t.account, t.ts),
    index('executions_ts_idx').on(t.ts),
  ],
);

/** Limits per account and rule; account "*" is the default of every account. */
export const riskLimits = pgTable(
  'risk_limits',
  {
    account: text('account').notNull(),
    rule: text('rule').notNull(),
    limits: jsonb('limits').$type<Record<string, unknown>>().notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ name: 'risk_limits_pk', columns: [t.account, t.rule] })],
);

/**
 * What each risk rule (and the engine's own checks) said about each order. `order_id` is not a
 * foreign key: verdicts may be recorded before the order row in the same transaction.
 */
export const riskVerdicts = pgTable(
  'risk_verdicts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: text('order_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    account: text('account').notNull(),
    rule: text('rule').notNull(),
    pass: boolean('pass').notNull(),
    code: text('code'),
    reason: text('reason'),
    compared: jsonb('compared').$type<Record<string, string | number | boolean | null>>().notNull(),
    ts: bigint('ts', { mode: 'number' }).notNull(),
  },
  (t) => [index('risk_verdicts_order_idx').on(t.orderId)],
);

/**
 * The append-only, hash-chained audit trail. `seq` is gapless (assigned under an advisory lock in
 * the appending transaction); `hash` = sha256 of the canonical JSON of the record with `prevHash`.
 * A trigger (migration 0002_audit_append_only) refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    ts: bigint('ts', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    account: text('account'),
    subject: text('subject'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    check('audit_log_seq_positive', sql`${t.seq} >= 1`),
    check('audit_log_hash_format', sql`${t.hash} ~ '^[0-9a-f]{64}$' and ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
    index('audit_log_ts_idx').on(t.ts),
    index('audit_log_account_seq_idx').on(t.account, t.seq),
  ],
);

export const tradingSchema = { desks, accounts, orders, executions, riskLimits, riskVerdicts, auditLog };
