import { randomUUID } from 'node:crypto';
import type { SubmitResult, TradingEngine } from '@qmo/core';
import {
  type Clock,
  ERROR_CODES,
  errorMessage,
  type InstrumentDirectory,
  InvalidArgumentError,
  type Logger,
  type Order,
  type OrderChanges,
  type OrderRequest,
  QmoError,
} from '@qmo/sdk';
import type { DrizzleFixStore } from '../db/index.js';
import { BackgroundWork } from './background.js';
import {
  BusinessReject,
  CxlRejReason,
  EXEC_INST_POST_ONLY,
  EXEC_INST_REDUCE_ONLY,
  type Fields,
  ORD_STATUS,
  ORD_TYPE_FROM_FIX,
  SIDE_FROM_FIX,
  TIF_FROM_FIX,
} from './fields.js';
import { InFlightOrders } from './in-flight-orders.js';
import type { OrderMessage } from './inbound.js';
import { findInstrument } from './instruments.js';
import type { LinkWriter } from './link-writer.js';
import type { OrderLinks } from './order-links.js';
import { businessMessageReject, executionReport, orderCancelReject, refusedReport } from './reports.js';
import type { SessionIdentity } from './session-user.js';

export interface OrderEntryOptions {
  engine: TradingEngine;
  instruments: InstrumentDirectory;
  store: Pick<DrizzleFixStore, 'orderByClientId'>;
  links: OrderLinks;
  /** Writes the links of the orders entered, after their submission. */
  linkWriter: LinkWriter;
  clock: Clock;
  logger: Logger;
  newId?: () => string;
}

/** One session's side of a message: who it trades as, and how to answer. */
export interface EntryContext {
  sessionId: string;
  /** The identity, or why there is none (then every order is refused as not authorized). */
  identity(): Promise<SessionIdentity | string>;
  /** Re-resolves the identity (an account not in the cached grants may have been granted since). */
  refreshIdentity(): Promise<SessionIdentity | string>;
  reply(msgType: string, body: Fields): void;
}

type Refusal = { bmr: number; text: string } | { rej: number; text: string };

/**
 * Order entry over FIX: NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest and
 * OrderStatusRequest into the trading engine as the session's user. Business refusals answer with
 * BusinessMessageReject (unknown security, account not granted, conditionally required field
 * missing), malformed values the engine refuses with a Rejected ExecutionReport; the engine's
 * own reports (PendingNew, New, fills, risk rejects…) come from the bus (`OrderReports`).
 *
 * A session's messages are handled one after the other, but a NewOrderSingle is handled once its
 * submission has started (`engine.submit` called, in the order the messages came): the session
 * takes its next message while the order is written, so many of its orders are in flight at once.
 * The end of a submission (a refusal, the status answering a repeated ClOrdID) is answered in the
 * background; a repeat of a ClOrdID in flight, and a cancel, replace or status request naming it,
 * wait for that order. The order's actor names the session (what reports and a restart go by); its
 * link row is written after the submission, in the background (`LinkWriter`).
 */
export class OrderEntry {
  private readonly inFlight = new InFlightOrders();
  private readonly background: BackgroundWork;

  constructor(private readonly options: OrderEntryOptions) {
    this.background = new BackgroundWork((error) =>
      options.logger.error('FIX order not answered', { error: errorMessage(error) }),
    );
  }

  /** Resolves when the submissions started so far have ended, been answered and their links written. */
  async idle(): Promise<void> {
    await this.background.idle();
    await this.options.linkWriter.idle();
  }

  /** Handles a message; resolves when the session may take its next one (see the class). */
  async handle(ctx: EntryContext, m: OrderMessage): Promise<void> {
    switch (m.msgType) {
      case 'D':
        return this.newOrder(ctx, m);
      case 'F':
        return this.cancelOrReplace(ctx, m, 'cancel');
      case 'G':
        return this.cancelOrReplace(ctx, m, 'replace');
      case 'H':
        return this.status(ctx, m);
      default:
        ctx.reply(
          'j',
          businessMessageReject({
            refSeqNum: m.seq,
            refMsgType: m.msgType,
            reason: BusinessReject.UnsupportedMessageType,
            text: `MsgType ${m.msgType} is not supported`,
          }),
        );
    }
  }

  // ---- NewOrderSingle ------------------------------------------------------------------------------

  private async newOrder(ctx: EntryContext, m: OrderMessage): Promise<void> {
    const who = await this.account(ctx, m);
    if (typeof who === 'string') return;
    const { identity, account } = who;
    const instrument = findInstrument(this.options.instruments, m);
    if (!instrument) {
      this.bmr(ctx, m, BusinessReject.UnknownSecurity, `unknown security ${m.securityId ?? m.symbol ?? ''}`);
      return;
    }
    const built = this.request(m, account, instrument.id);
    if ('bmr' in built) {
      this.bmr(ctx, m, built.bmr, built.text);
      return;
    }
    if ('rej' in built) {
      this.refuse(ctx, m, account, built.rej, built.text);
      return;
    }
    const inFlight = this.inFlight.get(account, m.clOrdId);
    if (inFlight) {
      if (inFlight.sessionId !== ctx.sessionId) {
        this.refuse(ctx, m, account, 6, `ClOrdID ${m.clOrdId} is being used by another session`);
        return;
      }
      this.background.run(this.answerRepeat(ctx, m, account, inFlight.submitted));
      return;
    }
    // Called now, in the order the session's messages came: its synchronous part takes the account's
    // turn. The engine answers a ClOrdID already stored (or being written) as a duplicate.
    const submitting = this.options.engine.submit(built, identity.actor);
    this.inFlight.add(account, m.clOrdId, {
      sessionId: ctx.sessionId,
      submitted: submitting.then(
        ({ order }) => order,
        () => null,
      ),
    });
    this.background.run(this.answerSubmit(ctx, m, account, submitting));
  }

  /** The end of a submission: a duplicate answers with the order's status, a refusal with a Rejected report. */
  private async answerSubmit(
    ctx: EntryContext,
    m: OrderMessage,
    account: string,
    submitting: Promise<SubmitResult>,
  ): Promise<void> {
    try {
      const { order, duplicate } = await submitting;
      if (duplicate) {
        this.statusReport(ctx, await this.current(order), duplicateText(m.clOrdId));
        return;
      }
      this.options.linkWriter.add({
        account,
        clientOrderId: m.clOrdId,
        sessionId: ctx.sessionId,
        ts: order.createdAt,
      });
    } catch (error) {
      // A repeated ClOrdID with values the engine refuses: the order it repeats answers.
      const existing = await this.options.store.orderByClientId(account, m.clOrdId).catch(() => null);
      if (existing) {
        this.statusReport(ctx, existing, duplicateText(m.clOrdId));
        return;
      }
      if (!(error instanceof QmoError)) {
        this.options.logger.error('FIX order failed', {
          sessionId: ctx.sessionId,
          error: errorMessage(error),
        });
      }
      const field = error instanceof InvalidArgumentError ? error.details.field : undefined;
      this.refuse(ctx, m, account, field === 'quantity' ? 13 : 99, errorMessage(error));
    }
  }

  /** A ClOrdID sent again while its first order is in flight: that order's status once it is stored. */
  private async answerRepeat(
    ctx: EntryContext,
    m: OrderMessage,
    account: string,
    submitted: Promise<Order | null>,
  ): Promise<void> {
    const order = await submitted;
    if (order) this.statusReport(ctx, await this.current(order), duplicateText(m.clOrdId));
    else this.refuse(ctx, m, account, 6, `duplicate ClOrdID ${m.clOrdId}: the order it repeats was refused`);
  }

  /** The order as it is now. */
  private async current(order: Order): Promise<Order> {
    return (await this.options.engine.order(order.orderId)) ?? order;
  }

  /** The OrderRequest of a NewOrderSingle, or why it cannot be one. */
  private request(m: OrderMessage, account: string, instrument: string): OrderRequest | Refusal {
    const side = m.side !== undefined ? SIDE_FROM_FIX[m.side] : undefined;
    if (!side) return { rej: 11, text: `Side ${m.side ?? ''} is not supported (1 buy, 2 sell)` };
    const type = m.ordType !== undefined ? ORD_TYPE_FROM_FIX[m.ordType] : undefined;
    if (!type) return { rej: 11, text: `OrdType ${m.ordType ?? ''} is not supported (1, 2, 3, 4)` };
    const timeInForce = TIF_FROM_FIX[m.timeInForce ?? '0'];
    if (!timeInForce)
      return { rej: 11, text: `TimeInForce ${m.timeInForce} is not supported (0, 1, 3, 4, 6)` };
    if (m.orderQty === undefined)
      return { bmr: BusinessReject.ConditionallyRequiredFieldMissing, text: 'OrderQty (38) is required' };
    if ((type === 'limit' || type === 'stop-limit') && m.price === undefined)
      return {
        bmr: BusinessReject.ConditionallyRequiredFieldMissing,
        text: `Price (44) is required for OrdType ${m.ordType}`,
      };
    if ((type === 'stop' || type === 'stop-limit') && m.stopPx === undefined)
      return {
        bmr: BusinessReject.ConditionallyRequiredFieldMissing,
        text: `StopPx (99) is required for OrdType ${m.ordType}`,
      };
    const expireAt = m.expireTime ?? (m.expireDate !== undefined ? endOfDay(m.expireDate) : undefined);
    if (timeInForce === 'GTD' && expireAt === undefined)
      return {
        bmr: BusinessReject.ConditionallyRequiredFieldMissing,
        text: 'ExpireTime (126) or ExpireDate (432) is required for TimeInForce 6',
      };
    let reduceOnly = false;
    let postOnly = false;
    for (const inst of (m.execInst ?? '').split(' ').filter((v) => v !== '')) {
      if (inst === EXEC_INST_REDUCE_ONLY) reduceOnly = true;
      else if (inst === EXEC_INST_POST_ONLY) postOnly = true;
      else return { rej: 11, text: `ExecInst ${inst} is not supported (E reduce-only, 6 post-only)` };
    }
    const request: OrderRequest = {
      clientOrderId: m.clOrdId,
      account,
      instrument,
      side,
      type,
      quantity: m.orderQty as OrderRequest['quantity'],
      timeInForce,
    };
    if (type === 'limit' || type === 'stop-limit') request.limitPrice = m.price as OrderRequest['limitPrice'];
    if (type === 'stop' || type === 'stop-limit') request.stopPrice = m.stopPx as OrderRequest['stopPrice'];
    if (timeInForce === 'GTD' && expireAt !== undefined) request.expireAt = expireAt;
    if (m.maxFloor !== undefined) request.displayQuantity = m.maxFloor as OrderRequest['displayQuantity'];
    if (reduceOnly) request.reduceOnly = true;
    if (postOnly) request.postOnly = true;
    return request;
  }

  // ---- OrderCancelRequest / OrderCancelReplaceRequest -------------------------------------------------

  private async cancelOrReplace(
    ctx: EntryContext,
    m: OrderMessage,
    kind: 'cancel' | 'replace',
  ): Promise<void> {
    const responseTo = kind === 'cancel' ? '1' : '2';
    const origClOrdId = m.origClOrdId ?? '';
    const cancelReject = (order: Order | null, reason: number, text: string) =>
      ctx.reply(
        '9',
        orderCancelReject({
          orderId: order?.orderId ?? 'NONE',
          clOrdId: m.clOrdId,
          origClOrdId,
          ordStatus: order ? ORD_STATUS[order.state] : '8',
          ...(order ? { account: order.account } : m.account !== undefined ? { account: m.account } : {}),
          responseTo,
          reason,
          text,
          ts: this.now(),
        }),
      );
    const identity = await ctx.identity();
    if (typeof identity === 'string') {
      this.bmr(ctx, m, BusinessReject.NotAuthorized, identity);
      return;
    }
    if (m.account !== undefined && !(await this.granted(ctx, m.account))) {
      this.bmr(ctx, m, BusinessReject.NotAuthorized, `account ${m.account} is not granted to this session`);
      return;
    }
    const accounts = m.account !== undefined ? [m.account] : identity.accounts;
    await this.inFlight.settled(accounts, origClOrdId);
    let order: Order | null = null;
    for (const account of accounts) {
      order = await this.options.store.orderByClientId(account, origClOrdId);
      if (order) break;
    }
    if (!order || (m.orderId !== undefined && m.orderId !== order.orderId)) {
      cancelReject(null, CxlRejReason.UnknownOrder, `unknown order: OrigClOrdID ${origClOrdId}`);
      return;
    }
    const links = this.options.links;
    let changes: OrderChanges = {};
    if (kind === 'replace') {
      const built = replaceChanges(order, m);
      if (typeof built === 'string') {
        cancelReject(order, CxlRejReason.Other, built);
        return;
      }
      changes = built;
      await this.inFlight.settled([order.account], m.clOrdId);
      if (m.clOrdId === origClOrdId || (await this.options.store.orderByClientId(order.account, m.clOrdId))) {
        cancelReject(order, CxlRejReason.DuplicateClOrdId, `duplicate ClOrdID ${m.clOrdId}`);
        return;
      }
      if ((await links.link(order.account, m.clOrdId, ctx.sessionId, this.now())) !== ctx.sessionId) {
        cancelReject(
          order,
          CxlRejReason.DuplicateClOrdId,
          `ClOrdID ${m.clOrdId} is being used by another session`,
        );
        return;
      }
    }
    if (order.state === 'PendingCancel' || order.state === 'PendingReplace') {
      // The engine would refuse it; the change already pending keeps its ClOrdID.
      cancelReject(order, CxlRejReason.AlreadyPending, `order ${order.orderId} is ${order.state}`);
      return;
    }
    try {
      // Stored before the engine acts, so the reports carry the request's ClOrdID after a restart too.
      await links.setPending(order, { kind, clOrdId: m.clOrdId, origClOrdId }, this.now());
      if (kind === 'cancel') {
        await this.options.engine.cancel(order.orderId, identity.actor);
        return;
      }
      const replacement = await this.options.engine.replace(order.orderId, changes, identity.actor, {
        clientOrderId: m.clOrdId,
      });
      if (replacement.state === 'Rejected') {
        links.clearPending(order);
        const r = replacement.rejectReason;
        cancelReject(order, CxlRejReason.Other, r ? `${r.code}: ${r.text}` : 'replace refused');
      }
    } catch (error) {
      if (links.pending.get(order.orderId)?.clOrdId === m.clOrdId) links.clearPending(order);
      const current = (await this.options.engine.order(order.orderId)) ?? order;
      if (error instanceof QmoError && error.code === ERROR_CODES.NOT_FOUND) {
        cancelReject(current, CxlRejReason.UnknownOrder, errorMessage(error));
      } else if (error instanceof QmoError && error.code === ERROR_CODES.ORDER_NOT_CANCELABLE) {
        const pending = current.state === 'PendingCancel' || current.state === 'PendingReplace';
        cancelReject(
          current,
          pending ? CxlRejReason.AlreadyPending : CxlRejReason.TooLate,
          errorMessage(error),
        );
      } else {
        if (!(error instanceof QmoError))
          this.options.logger.error('FIX cancel/replace failed', {
            sessionId: ctx.sessionId,
            error: errorMessage(error),
          });
        cancelReject(current, CxlRejReason.Other, errorMessage(error));
      }
    }
  }

  // ---- OrderStatusRequest ----------------------------------------------------------------------------

  private async status(ctx: EntryContext, m: OrderMessage): Promise<void> {
    const identity = await ctx.identity();
    if (typeof identity === 'string') {
      this.bmr(ctx, m, BusinessReject.NotAuthorized, identity);
      return;
    }
    if (m.account !== undefined && !(await this.granted(ctx, m.account))) {
      this.bmr(ctx, m, BusinessReject.NotAuthorized, `account ${m.account} is not granted to this session`);
      return;
    }
    const accounts = m.account !== undefined ? [m.account] : identity.accounts;
    await this.inFlight.settled(accounts, m.clOrdId);
    for (const account of accounts) {
      const order = await this.options.store.orderByClientId(account, m.clOrdId);
      if (order && (m.orderId === undefined || m.orderId === order.orderId)) {
        this.statusReport(ctx, order);
        return;
      }
    }
    ctx.reply(
      '8',
      refusedReport({
        clOrdId: m.clOrdId,
        ...(m.account !== undefined ? { account: m.account } : {}),
        ...(m.symbol !== undefined ? { symbol: m.symbol } : {}),
        ...(m.side !== undefined ? { side: m.side } : {}),
        execId: this.newId(),
        ordRejReason: 5,
        text: `unknown order: ClOrdID ${m.clOrdId}`,
        ts: this.now(),
      }).map(([tag, value]) => (tag === 150 ? [150, 'I'] : [tag, value])),
    );
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /** The account of an order message, checked against the session's grants; a string: refused (answered). */
  private async account(
    ctx: EntryContext,
    m: OrderMessage,
  ): Promise<{ identity: SessionIdentity; account: string } | string> {
    const identity = await ctx.identity();
    if (typeof identity === 'string') {
      this.bmr(ctx, m, BusinessReject.NotAuthorized, identity);
      return identity;
    }
    if (m.account === undefined) {
      if (identity.accounts.length === 1) return { identity, account: identity.accounts[0]! };
      const text =
        identity.accounts.length === 0
          ? 'this session has no account it may trade'
          : `Account (1) is required: this session trades ${identity.accounts.length} accounts`;
      this.bmr(
        ctx,
        m,
        identity.accounts.length === 0
          ? BusinessReject.NotAuthorized
          : BusinessReject.ConditionallyRequiredFieldMissing,
        text,
      );
      return text;
    }
    if (!(await this.granted(ctx, m.account))) {
      const text = `account ${m.account} is not granted to this session`;
      this.bmr(ctx, m, BusinessReject.NotAuthorized, text);
      return text;
    }
    const current = await ctx.identity();
    return { identity: typeof current === 'string' ? identity : current, account: m.account };
  }

  /** May the session trade the account? An account not in the cached grants re-reads them once. */
  private async granted(ctx: EntryContext, account: string): Promise<boolean> {
    const identity = await ctx.identity();
    if (typeof identity !== 'string' && identity.accounts.includes(account)) return true;
    const fresh = await ctx.refreshIdentity();
    return typeof fresh !== 'string' && fresh.accounts.includes(account);
  }

  private bmr(ctx: EntryContext, m: OrderMessage, reason: number, text: string): void {
    ctx.reply(
      'j',
      businessMessageReject({ refSeqNum: m.seq, refMsgType: m.msgType, refId: m.clOrdId, reason, text }),
    );
  }

  private refuse(ctx: EntryContext, m: OrderMessage, account: string, reason: number, text: string): void {
    ctx.reply(
      '8',
      refusedReport({
        clOrdId: m.clOrdId,
        account,
        ...(m.symbol !== undefined ? { symbol: m.symbol } : {}),
        ...(m.side !== undefined ? { side: m.side } : {}),
        ...(m.orderQty !== undefined ? { quantity: m.orderQty } : {}),
        ...(m.ordType !== undefined ? { ordType: m.ordType } : {}),
        execId: this.newId(),
        ordRejReason: reason,
        text,
        ts: this.now(),
      }),
    );
  }

  private statusReport(ctx: EntryContext, order: Order, text?: string): void {
    ctx.reply(
      '8',
      executionReport(order, {
        execType: 'I',
        execId: this.newId(),
        ts: this.now(),
        ...(text !== undefined ? { text } : {}),
      }),
    );
  }

  private now(): number {
    return this.options.clock.now();
  }

  private newId(): string {
    return (this.options.newId ?? randomUUID)();
  }
}

/** What an OrderCancelReplaceRequest changes: quantity, price, stop price; anything else cannot change. */
function replaceChanges(order: Order, m: OrderMessage): OrderChanges | string {
  if (m.side !== undefined && SIDE_FROM_FIX[m.side] !== order.side)
    return 'Side cannot be changed by a replace';
  if (m.ordType !== undefined && ORD_TYPE_FROM_FIX[m.ordType] !== order.type)
    return 'OrdType cannot be changed by a replace';
  if (m.timeInForce !== undefined && TIF_FROM_FIX[m.timeInForce] !== order.timeInForce)
    return 'TimeInForce cannot be changed by a replace';
  const changes: OrderChanges = {};
  if (m.orderQty !== undefined && m.orderQty !== order.quantity)
    changes.quantity = m.orderQty as OrderChanges['quantity'];
  if (m.price !== undefined && m.price !== order.limitPrice)
    changes.limitPrice = m.price as OrderChanges['limitPrice'];
  if (m.stopPx !== undefined && m.stopPx !== order.stopPrice)
    changes.stopPrice = m.stopPx as OrderChanges['stopPrice'];
  if (Object.keys(changes).length === 0)
    return 'nothing to change: OrderQty, Price and StopPx are as they are';
  return changes;
}

const duplicateText = (clOrdId: string) => `duplicate ClOrdID ${clOrdId}: the order's status`;

/** ExpireDate (YYYYMMDD): the end of that day, UTC. */
function endOfDay(date: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1) - 1;
  return Number.isNaN(ms) ? undefined : ms;
}
