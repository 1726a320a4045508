import type {
  AuditEntry,
  ExecutionQuery,
  OrderQuery,
  RiskLimitRecord,
  RiskVerdictRecord,
  TradingStore,
  TradingTx,
} from '@qmo/core';
import {
  type Account,
  type AccountId,
  type AuditRecord,
  type Desk,
  dec,
  type Execution,
  FINAL_ORDER_STATES,
  InvalidArgumentError,
  isDecimal,
  NotFoundError,
  type Order,
  type TradingState,
} from '@qmo/sdk';
import { and, asc, desc, eq, gte, inArray, is, lt, notInArray, type SQL, sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { AUDIT_LOCK, AuditAppender, type AuditMark, type QmoTransaction } from './audit-append.js';
import { announce } from './audit-journal.js';
import type { QmoDatabase } from './database.js';
import { DuplicateClientOrderIdError } from './errors.js';
import { GroupCommitQueue, type UnitOutcome } from './group-commit.js';
import { executeRows, JsonRows } from './json-rows.js';
import { runInSavepoints } from './savepoint-units.js';
import { sendNow } from './send-now.js';
import {
  accountToRow,
  executionToRow,
  orderToRow,
  rowToAccount,
  rowToExecution,
  rowToOrder,
  rowToRiskLimit,
  rowToVerdict,
  verdictToRow,
} from './trading-rows.js';
import {
  accounts,
  desks,
  executions,
  orders,
  riskLimits,
  riskVerdicts,
  TRADING_STATES,
} from './trading-schema.js';

const FINAL_STATES = [...FINAL_ORDER_STATES];

/* The statements of the order path, their text built once (see `JsonRows`). */
const ORDER_ROWS = new JsonRows<typeof orders.$inferSelect>(orders);
const INSERT_ORDER = ORDER_ROWS.insertText(
  undefined,
  'on conflict ("account", "client_order_id") do nothing returning "order_id"',
);
const UPDATE_ORDER = ORDER_ROWS.updateText('orderId');
const EXECUTION_ROWS = new JsonRows<typeof executions.$inferSelect>(executions);
const INSERT_EXECUTION = EXECUTION_ROWS.insertText(
  undefined,
  'on conflict ("execution_id") do nothing returning "execution_id"',
);
const VERDICT_ROWS = new JsonRows<typeof riskVerdicts.$inferSelect>(riskVerdicts);
const VERDICT_ID: ReadonlySet<string> = new Set(['id']);
const READ_COMMITTED = sql.raw('set transaction isolation level read committed');
const INSERT_VERDICTS = VERDICT_ROWS.insertText(VERDICT_ID);

/** An account as an admin creates or changes it; the trading state is kept when not given. */
export type AccountInput = Omit<Account, 'tradingState' | 'stateReason'> & {
  tradingState?: TradingState;
  stateReason?: Account['stateReason'] | null;
};

export interface DrizzleTradingStoreOptions {
  /** Time of the audit records the store writes itself (desks, accounts); default `Date.now`. */
  clock?: { now(): number };
  /** Called with each audit record after its transaction committed. */
  onAudit?: (record: AuditRecord) => void;
}

/**
 * `TradingStore` on drizzle (PGlite or PostgreSQL). Every `transaction` takes the audit append lock
 * first (see `AUDIT_APPEND_LOCK`), so trading transactions that audit are serialised across
 * processes and never deadlock over it; their audit records join the same hash chain as
 * `DrizzleAuditJournal.append`.
 *
 * Transactions are group-committed (see `transaction`). Inside `transaction(work)` use only the
 * `tx` handed to `work`: a nested `transaction` would wait for the group running it, and on PGlite
 * the store's other methods wait for the transaction to end.
 */
export class DrizzleTradingStore implements TradingStore {
  private readonly clock: { now(): number };
  private readonly commits = new GroupCommitQueue<DrizzleTx>((works) => this.runGroup(works));
  /**
   * Read committed on PostgreSQL (whatever the server's default). PGlite is a single session:
   * nothing runs beside a transaction, so an isolation level would change nothing and cost a statement.
   */
  private readonly readCommitted: boolean;

  constructor(
    private readonly db: QmoDatabase,
    private readonly options: DrizzleTradingStoreOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.readCommitted = !is(db, PgliteDatabase);
  }

  /**
   * Runs `work` in a transaction, grouped with the work other callers submit meanwhile (see
   * `GroupCommitQueue`): one transaction, one audit lock and one read of the chain's end per group,
   * each unit in a savepoint of its own when the group has more than one. The promise settles once
   * the group's transaction has committed (or the unit, or the group, failed).
   */
  async transaction<T>(work: (tx: TradingTx) => Promise<T>): Promise<T> {
    return this.run(work);
  }

  private run<T>(work: (tx: DrizzleTx) => Promise<T>): Promise<T> {
    return this.commits.run(work);
  }

  private async runGroup(works: readonly ((tx: DrizzleTx) => Promise<unknown>)[]): Promise<UnitOutcome[]> {
    let appended: AuditRecord[] = [];
    const outcomes = await this.db.transaction(async (dbTx) => {
      // Isolation, lock and the read of the chain's end go out together; the read runs once the lock is held.
      const prelude = this.readCommitted ? [sendNow(dbTx, READ_COMMITTED)] : [];
      prelude.push(sendNow(dbTx, AUDIT_LOCK));
      const tx = new DrizzleTx(dbTx, new AuditAppender(dbTx, true));
      void tx.auditor.readTail();
      await Promise.all(prelude);
      const results =
        works.length === 1
          ? [{ ok: true, value: await works[0]!(tx) } as const]
          : await runInSavepoints(dbTx, tx, works);
      await tx.flush();
      appended = tx.auditor.appended;
      return results;
    });
    announce(this.options.onAudit, appended);
    return outcomes;
  }

  async workingOrders(): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(orders)
      .where(notInArray(orders.state, FINAL_STATES))
      .orderBy(asc(orders.createdAt), asc(orders.orderId));
    return rows.map(rowToOrder);
  }

  /**
   * Orders with `from` ≤ createdAt < `to`, oldest first; with a `limit`, the newest `limit` of
   * them (still oldest first).
   */
  async orders(query: OrderQuery): Promise<Order[]> {
    const filters: SQL[] = [];
    if (query.accounts !== undefined) {
      if (query.accounts.length === 0) return [];
      filters.push(inArray(orders.account, [...query.accounts]));
    }
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      filters.push(inArray(orders.state, [...query.states]));
    }
    if (query.from !== undefined) filters.push(gte(orders.createdAt, query.from));
    if (query.to !== undefined) filters.push(lt(orders.createdAt, query.to));
    const limit = checkLimit(query.limit);
    if (limit === 0) return [];
    const select = this.db
      .select()
      .from(orders)
      .where(and(...filters));
    if (limit === undefined) {
      return (await select.orderBy(asc(orders.createdAt), asc(orders.orderId))).map(rowToOrder);
    }
    const rows = await select.orderBy(desc(orders.createdAt), desc(orders.orderId)).limit(limit);
    return rows.reverse().map(rowToOrder);
  }

  async order(orderId: string): Promise<Order | null> {
    return findOrder(this.db, eq(orders.orderId, orderId));
  }

  /**
   * Executions with `from` ≤ ts < `to`, oldest first; with a `limit`, the newest `limit` of them
   * (still oldest first).
   */
  async executions(query: ExecutionQuery): Promise<Execution[]> {
    const filters: SQL[] = [];
    if (query.accounts !== undefined) {
      if (query.accounts.length === 0) return [];
      filters.push(inArray(executions.account, [...query.accounts]));
    }
    if (query.orderId !== undefined) filters.push(eq(executions.orderId, query.orderId));
    if (query.from !== undefined) filters.push(gte(executions.ts, query.from));
    if (query.to !== undefined) filters.push(lt(executions.ts, query.to));
    const limit = checkLimit(query.limit);
    if (limit === 0) return [];
    const select = this.db
      .select()
      .from(executions)
      .where(and(...filters));
    if (limit === undefined) {
      return (await select.orderBy(asc(executions.ts), asc(executions.executionId))).map(rowToExecution);
    }
    const rows = await select.orderBy(desc(executions.ts), desc(executions.executionId)).limit(limit);
    return rows.reverse().map(rowToExecution);
  }

  async accounts(): Promise<Account[]> {
    const rows = await this.db.select().from(accounts).orderBy(asc(accounts.id));
    return rows.map(rowToAccount);
  }

  async account(id: AccountId): Promise<Account | null> {
    const rows = await this.db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
    return rows[0] === undefined ? null : rowToAccount(rows[0]);
  }

  async desks(): Promise<Desk[]> {
    return this.db.select({ id: desks.id, name: desks.name }).from(desks).orderBy(asc(desks.id));
  }

  async riskLimits(): Promise<RiskLimitRecord[]> {
    const rows = await this.db
      .select()
      .from(riskLimits)
      .orderBy(asc(riskLimits.account), asc(riskLimits.rule));
    return rows.map(rowToRiskLimit);
  }

  /** The verdicts on an order, in the order they were recorded. */
  async riskVerdicts(orderId: string): Promise<RiskVerdictRecord[]> {
    const rows = await this.db
      .select()
      .from(riskVerdicts)
      .where(eq(riskVerdicts.orderId, orderId))
      .orderBy(asc(riskVerdicts.id));
    return rows.map(rowToVerdict);
  }

  /**
   * Creates a desk and audits it ("desk.created"), in one transaction. A desk id already taken is
   * refused with an `InvalidArgumentError` (field "id").
   */
  async createDesk(desk: Desk, actor: string): Promise<Desk> {
    return this.run((tx) => tx.createDesk(desk, actor, this.clock.now()));
  }

  /**
   * Creates a desk or renames it, audited ("desk.created" / "desk.updated" with before and after),
   * in one transaction: names the desks `TradingTx.upsertAccount` created with their id as name.
   */
  async upsertDesk(desk: Desk, actor: string): Promise<Desk> {
    return this.run((tx) => tx.upsertDesk(desk, actor, this.clock.now()));
  }

  /**
   * Creates or changes an account and audits it ("account.created" / "account.updated" with the
   * account before and after), in one transaction. Without `tradingState` a new account is ACTIVE
   * and an existing one keeps its state and reason. An unknown desk is refused with an
   * `InvalidArgumentError` (field "desk").
   */
  async upsertAccount(input: AccountInput, actor: string): Promise<Account> {
    return this.run((tx) => tx.changeAccount(input, actor, this.clock.now()));
  }
}

/** Where a `DrizzleTx` stood before a unit of a group ran (to forget what the unit wrote). */
interface TxMark {
  audit: AuditMark;
  verdicts: number;
}

class DrizzleTx implements TradingTx {
  /** Verdicts recorded and not yet written (JSON objects keyed by column): one INSERT at `flush`. */
  private readonly verdictRows: string[] = [];

  constructor(
    private readonly tx: QmoTransaction,
    readonly auditor: AuditAppender,
  ) {}

  mark(): TxMark {
    return { audit: this.auditor.mark(), verdicts: this.verdictRows.length };
  }

  /** Forgets the verdicts and audit records of a unit rolled back to its savepoint. */
  reset(mark: TxMark): void {
    this.auditor.reset(mark.audit);
    this.verdictRows.length = mark.verdicts;
  }

  /** Writes the verdicts and audit records held back; runs before the transaction commits. */
  async flush(): Promise<void> {
    const verdicts =
      this.verdictRows.length > 0
        ? sendNow(this.tx, INSERT_VERDICTS(`[${this.verdictRows.splice(0).join(',')}]`))
        : undefined;
    await Promise.all([verdicts, this.auditor.flush()]);
  }

  async findOrderByClientId(account: AccountId, clientOrderId: string): Promise<Order | null> {
    const rows = await executeRows(
      this.tx,
      sql`select * from orders where account = ${account} and client_order_id = ${clientOrderId} limit 1`,
    );
    return rows[0] === undefined ? null : rowToOrder(ORDER_ROWS.fromDriver(rows[0]));
  }

  async getOrder(orderId: string): Promise<Order | null> {
    const rows = await executeRows(this.tx, sql`select * from orders where order_id = ${orderId} limit 1`);
    return rows[0] === undefined ? null : rowToOrder(ORDER_ROWS.fromDriver(rows[0]));
  }

  /**
   * A client order id the account already used is refused with `DuplicateClientOrderIdError`,
   * and the transaction stays usable (ON CONFLICT, not a failed statement).
   */
  async insertOrder(order: Order): Promise<void> {
    const inserted = await executeRows(this.tx, INSERT_ORDER(ORDER_ROWS.json([orderToRow(order)])));
    if (inserted.length === 0) throw new DuplicateClientOrderIdError(order.account, order.clientOrderId);
  }

  async updateOrder(order: Order): Promise<void> {
    const row = orderToRow(order);
    const updated = await executeRows(this.tx, UPDATE_ORDER(ORDER_ROWS.object(row)));
    const { orderId } = row;
    if (updated.length === 0) throw new NotFoundError(`order "${orderId}" is not stored`, { orderId });
  }

  async insertExecution(execution: Execution): Promise<boolean> {
    const inserted = await executeRows(
      this.tx,
      INSERT_EXECUTION(EXECUTION_ROWS.json([executionToRow(execution)])),
    );
    return inserted.length === 1;
  }

  /** Held back and written with the other verdicts of the transaction at its end (one INSERT). */
  async recordRiskVerdicts(verdicts: readonly RiskVerdictRecord[]): Promise<void> {
    for (const verdict of verdicts)
      this.verdictRows.push(VERDICT_ROWS.object(verdictToRow(verdict), VERDICT_ID));
  }

  /** Writes the account as given (state and reason included); an unknown desk is created, named as its id. */
  async upsertAccount(account: Account): Promise<void> {
    checkTradingState(account.tradingState);
    const row = accountToRow({
      ...account,
      id: requiredText(account.id, 'id'),
      desk: requiredText(account.desk, 'desk'),
    });
    await this.tx
      .insert(desks)
      .values({ id: row.deskId, name: row.deskId })
      .onConflictDoNothing({ target: desks.id });
    const { id: _, ...changes } = row;
    await this.tx.insert(accounts).values(row).onConflictDoUpdate({ target: accounts.id, set: changes });
  }

  async setTradingState(
    account: AccountId,
    state: TradingState,
    reason: { code: string; text: string; since: number } | null,
  ): Promise<void> {
    checkTradingState(state);
    const updated = await this.tx
      .update(accounts)
      .set({ tradingState: state, stateReason: reason })
      .where(eq(accounts.id, account))
      .returning({ id: accounts.id });
    if (updated.length === 0) throw new NotFoundError(`account "${account}" is not stored`, { account });
  }

  async setRiskLimits(record: RiskLimitRecord): Promise<void> {
    await this.tx
      .insert(riskLimits)
      .values(record)
      .onConflictDoUpdate({
        target: [riskLimits.account, riskLimits.rule],
        set: {
          limits: sql`excluded.limits`,
          updatedAt: sql`excluded.updated_at`,
          updatedBy: sql`excluded.updated_by`,
        },
      });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.auditor.append(entry);
  }

  async createDesk(desk: Desk, actor: string, ts: number): Promise<Desk> {
    const value = { id: requiredText(desk.id, 'id'), name: requiredText(desk.name, 'name') };
    const inserted = await this.tx
      .insert(desks)
      .values(value)
      .onConflictDoNothing({ target: desks.id })
      .returning({ id: desks.id });
    if (inserted.length === 0) {
      throw new InvalidArgumentError(`desk "${value.id}" already exists`, { field: 'id', desk: value.id });
    }
    await this.auditor.append({
      ts,
      actor,
      action: 'desk.created',
      subject: value.id,
      payload: { desk: value },
    });
    return value;
  }

  async upsertDesk(desk: Desk, actor: string, ts: number): Promise<Desk> {
    const value = { id: requiredText(desk.id, 'id'), name: requiredText(desk.name, 'name') };
    const rows = await this.tx.select().from(desks).where(eq(desks.id, value.id)).for('update');
    const before = rows[0] ?? null;
    if (before !== null && before.name === value.name) return value;
    await this.tx
      .insert(desks)
      .values(value)
      .onConflictDoUpdate({ target: desks.id, set: { name: value.name } });
    await this.auditor.append({
      ts,
      actor,
      action: before === null ? 'desk.created' : 'desk.updated',
      subject: value.id,
      payload:
        before === null ? { desk: value } : { before: { id: before.id, name: before.name }, after: value },
    });
    return value;
  }

  /** The admin's account change (see `DrizzleTradingStore.upsertAccount`), audited. */
  async changeAccount(input: AccountInput, actor: string, ts: number): Promise<Account> {
    const id = requiredText(input.id, 'id');
    if (!isDecimal(input.startingEquity)) {
      throw new InvalidArgumentError(
        `startingEquity is not an exact decimal: ${JSON.stringify(input.startingEquity)}`,
        {
          field: 'startingEquity',
        },
      );
    }
    if (input.tradingState !== undefined) checkTradingState(input.tradingState);
    const desk = await this.tx.select({ id: desks.id }).from(desks).where(eq(desks.id, input.desk)).limit(1);
    if (desk.length === 0) {
      throw new InvalidArgumentError(`unknown desk "${input.desk}"`, { field: 'desk', desk: input.desk });
    }
    const rows = await this.tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
    const before = rows[0] === undefined ? null : rowToAccount(rows[0]);
    const tradingState = input.tradingState ?? before?.tradingState ?? 'ACTIVE';
    const stateReason =
      input.stateReason !== undefined
        ? input.stateReason
        : input.tradingState === undefined
          ? before?.stateReason
          : undefined;
    const after: Account = {
      id,
      name: requiredText(input.name, 'name'),
      desk: input.desk,
      currency: requiredText(input.currency, 'currency'),
      startingEquity: dec(input.startingEquity),
      tradingState,
      ...(stateReason ? { stateReason } : {}),
    };
    const { id: _, ...changes } = accountToRow(after);
    await this.tx
      .insert(accounts)
      .values(accountToRow(after))
      .onConflictDoUpdate({ target: accounts.id, set: changes });
    await this.auditor.append({
      ts,
      actor,
      action: before === null ? 'account.created' : 'account.updated',
      account: id,
      subject: id,
      payload: before === null ? { account: after } : { before, after },
    });
    const stored = await this.tx.select().from(accounts).where(eq(accounts.id, id));
    return rowToAccount(stored[0]!);
  }
}

async function findOrder(db: QmoDatabase | QmoTransaction, where: SQL | undefined): Promise<Order | null> {
  const rows = await db.select().from(orders).where(where).limit(1);
  return rows[0] === undefined ? null : rowToOrder(rows[0]);
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidArgumentError(`limit must be a non-negative integer, got ${limit}`, { field: 'limit' });
  }
  return limit;
}

function checkTradingState(state: string): void {
  if (!(TRADING_STATES as readonly string[]).includes(state)) {
    throw new InvalidArgumentError(
      `trading state must be one of ${TRADING_STATES.join(', ')}, got "${state}"`,
      {
        field: 'tradingState',
      },
    );
  }
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${field} must be a non-empty string`, { field });
  }
  return value;
}
