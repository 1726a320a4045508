import { FINAL_ORDER_STATES, type Order } from '@qmo/sdk';
import { and, asc, eq, gte, lt, notInArray, type SQL } from 'drizzle-orm';
import type { QmoDatabase } from './database.js';
import { fixMessages, fixOrderLinks } from './fix-schema.js';
import { rowToOrder } from './trading-rows.js';
import { orders } from './trading-schema.js';

/** One FIX frame as logged. */
export interface FixMessageRecord {
  id: number;
  sessionId: string;
  direction: 'in' | 'out';
  seq: number;
  msgType: string;
  /** The frame as on the wire (latin1, SOH separators). */
  raw: string;
  ts: number;
}

export type NewFixMessage = Omit<FixMessageRecord, 'id'>;

export interface FixMessageQuery {
  sessionId: string;
  /** ts ≥ from (epoch ms). */
  from?: number;
  /** ts < to (epoch ms). */
  to?: number;
  /** At most this many, oldest first. */
  limit: number;
}

const FINAL_STATES = [...FINAL_ORDER_STATES];

/** The FIX gateway's tables: the append-only message log and the order → session links. */
export class DrizzleFixStore {
  constructor(private readonly db: QmoDatabase) {}

  /** Appends messages in one statement (in the order given). */
  async appendMessages(messages: readonly NewFixMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.insert(fixMessages).values([...messages]);
  }

  async messages(query: FixMessageQuery): Promise<FixMessageRecord[]> {
    const filters: SQL[] = [eq(fixMessages.sessionId, query.sessionId)];
    if (query.from !== undefined) filters.push(gte(fixMessages.ts, query.from));
    if (query.to !== undefined) filters.push(lt(fixMessages.ts, query.to));
    return this.db
      .select()
      .from(fixMessages)
      .where(and(...filters))
      .orderBy(asc(fixMessages.id))
      .limit(query.limit);
  }

  /**
   * Records that `sessionId` entered the order `clientOrderId` of `account` (before it is submitted).
   * Returns the session linked to it: this one, or the one that used the ClOrdID first.
   */
  async link(account: string, clientOrderId: string, sessionId: string, ts: number): Promise<string> {
    const inserted = await this.db
      .insert(fixOrderLinks)
      .values({ account, clientOrderId, sessionId, createdAt: ts })
      .onConflictDoNothing({ target: [fixOrderLinks.account, fixOrderLinks.clientOrderId] })
      .returning({ sessionId: fixOrderLinks.sessionId });
    if (inserted[0]) return inserted[0].sessionId;
    const [existing] = await this.db
      .select({ sessionId: fixOrderLinks.sessionId })
      .from(fixOrderLinks)
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)));
    return existing?.sessionId ?? sessionId;
  }

  /** The links of the orders still working (what the gateway needs after a restart). */
  async workingLinks(): Promise<{ account: string; clientOrderId: string; sessionId: string }[]> {
    return this.db
      .select({
        account: fixOrderLinks.account,
        clientOrderId: fixOrderLinks.clientOrderId,
        sessionId: fixOrderLinks.sessionId,
      })
      .from(fixOrderLinks)
      .innerJoin(
        orders,
        and(eq(orders.account, fixOrderLinks.account), eq(orders.clientOrderId, fixOrderLinks.clientOrderId)),
      )
      .where(notInArray(orders.state, FINAL_STATES));
  }

  /** The session that entered an order, if a FIX session did. */
  async sessionOf(account: string, clientOrderId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ sessionId: fixOrderLinks.sessionId })
      .from(fixOrderLinks)
      .where(and(eq(fixOrderLinks.account, account), eq(fixOrderLinks.clientOrderId, clientOrderId)))
      .limit(1);
    return row?.sessionId ?? null;
  }

  /** The order with this clientOrderId in the account, however it was entered. */
  async orderByClientId(account: string, clientOrderId: string): Promise<Order | null> {
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.account, account), eq(orders.clientOrderId, clientOrderId)))
      .limit(1);
    return row ? rowToOrder(row) : null;
  }
}
