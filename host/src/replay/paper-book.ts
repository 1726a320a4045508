import { applyOrderEvent, isWorking, type OrderEvent, Portfolio } from '@qmo/core';
import {
  type Decimal,
  dec,
  decimal,
  type Execution,
  errorMessage,
  type Instrument,
  type Logger,
  type Money,
  type Order,
  type Position,
  type Price,
} from '@qmo/sdk';

/** The account every paper order of a replay session is booked to. */
export const PAPER_ACCOUNT = 'paper';

export interface PaperPnl {
  realized: Money;
  unrealized: Money;
  fees: Money;
  /** realised + unrealised − fees */
  net: Money;
}

export interface PaperAccount {
  startingCash: Money;
  /** Starting cash − Σ bought notional + Σ sold notional − fees (× the instrument's multiplier). */
  cash: Money;
  /** startingCash + net P&L */
  equity: Money;
}

/**
 * The paper orders, fills, position and P&L of one replay session, kept in memory only: practice,
 * not orders. Order states follow the OMS state machine; position and P&L are the portfolio's
 * exact arithmetic (average price, realised on reductions, unrealised at the replay price).
 */
export class PaperBook {
  private readonly byId = new Map<string, Order>();
  private readonly fills: Execution[] = [];
  private readonly portfolio: Portfolio;
  private cashFlow: Decimal = dec(0);

  constructor(
    private readonly instrument: Instrument,
    readonly startingCash: Money,
    private readonly logger: Logger,
  ) {
    this.portfolio = new Portfolio(() => instrument.multiplier);
  }

  add(order: Order): void {
    this.byId.set(order.orderId, order);
  }

  order(orderId: string): Order | undefined {
    return this.byId.get(orderId);
  }

  orders(): Order[] {
    return [...this.byId.values()];
  }

  working(): Order[] {
    return this.orders().filter(isWorking);
  }

  executions(): Execution[] {
    return [...this.fills];
  }

  /** Applies a venue report to an order; a report its state does not allow is logged and dropped. */
  apply(orderId: string, event: OrderEvent, ts: number): void {
    const order = this.byId.get(orderId);
    if (!order) return;
    try {
      this.byId.set(
        orderId,
        applyOrderEvent(order, event, {
          ts,
          grid: { tickSize: this.instrument.tickSize, lotSize: this.instrument.lotSize },
        }),
      );
    } catch (error) {
      this.logger.warn('paper order report dropped', {
        orderId,
        event: event.type,
        error: errorMessage(error),
      });
    }
  }

  /** A fill: the order, the position and the cash move; an execution id seen before changes nothing. */
  fill(execution: Execution): void {
    if (!this.byId.has(execution.orderId) || !this.portfolio.apply(execution)) return;
    this.fills.push(execution);
    this.apply(
      execution.orderId,
      { type: 'fill', quantity: execution.quantity, price: execution.price },
      execution.ts,
    );
    const notional = decimal.mul(
      decimal.mul(execution.price, execution.quantity),
      this.instrument.multiplier,
    );
    const signed = execution.side === 'buy' ? decimal.neg(notional) : notional;
    this.cashFlow = decimal.sub(decimal.add(this.cashFlow, signed), execution.fee);
  }

  /** The position marked at `mark` (null: unrealised P&L is not known). */
  position(mark: Price | null): Position {
    return (
      this.portfolio.position(PAPER_ACCOUNT, this.instrument.id, undefined, () => mark) ?? {
        account: PAPER_ACCOUNT,
        instrument: this.instrument.id,
        quantity: dec(0),
        avgPrice: null,
        realizedPnl: dec(0),
        unrealizedPnl: dec(0),
        fees: dec(0),
      }
    );
  }

  pnl(mark: Price | null): PaperPnl {
    const p = this.position(mark);
    const net = decimal.sub(decimal.add(p.realizedPnl, p.unrealizedPnl), p.fees);
    return { realized: p.realizedPnl, unrealized: p.unrealizedPnl, fees: p.fees, net };
  }

  account(mark: Price | null): PaperAccount {
    return {
      startingCash: this.startingCash,
      cash: decimal.add(this.startingCash, this.cashFlow),
      equity: decimal.add(this.startingCash, this.pnl(mark).net),
    };
  }
}
