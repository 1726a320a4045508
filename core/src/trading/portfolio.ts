import type { Account, AccountId, Decimal, Execution, InstrumentId, Money, Position, Price } from '@qmo/sdk';
import { Fraction } from './fraction.js';

/** The mark (reference price) of an instrument now, or null when none is known. */
export type MarkOf = (instrument: InstrumentId) => Price | null;

export interface PnlFigures {
  realizedPnl: Money;
  unrealizedPnl: Money;
  fees: Money;
  /** realised + unrealised − fees */
  netPnl: Money;
}

export interface AccountPnl extends PnlFigures {
  account: AccountId;
  desk: string;
  currency: string;
  startingEquity: Money;
  /** startingEquity + netPnl */
  equity: Money;
}

export interface DeskPnl extends PnlFigures {
  desk: string;
  /** Σ equity of the desk's accounts. */
  equity: Money;
}

export interface StrategyPnl extends PnlFigures {
  /** The strategy tag; absent for orders sent without one. */
  strategy?: string;
}

/** Session P&L per account, desk and strategy tag (`GET /pnl`). Money of different currencies is not converted. */
export interface PnlReport {
  accounts: AccountPnl[];
  desks: DeskPnl[];
  strategies: StrategyPnl[];
}

/** Exact P&L sums of a set of positions (fractions; rounded only when reported). */
interface Sums {
  realized: Fraction;
  unrealized: Fraction;
  fees: Fraction;
}

/** One position's exact state: signed quantity and the signed cost of what is open, at average cost. */
interface Book {
  account: AccountId;
  instrument: InstrumentId;
  strategy: string | undefined;
  quantity: Fraction;
  /** Σ price × signed quantity of the open position; avgPrice = cost / quantity. */
  cost: Fraction;
  /** Realised P&L in price × quantity units (× multiplier when reported). */
  realizedPoints: Fraction;
  fees: Fraction;
}

/**
 * Positions per (account, instrument, strategy tag), built from executions, exact:
 * the average price moves on increases, stays on reductions and restarts at the fill price when a
 * fill goes through zero; realised P&L on a reduction = (exit − avg) × qty × multiplier × sign.
 * An execution id applied twice is applied once.
 */
export class Portfolio {
  private readonly books = new Map<string, Book>();
  private readonly applied = new Set<string>();

  /** `multiplierOf` gives an instrument's multiplier when P&L is reported ("1" when unknown). */
  constructor(private readonly multiplierOf: (instrument: InstrumentId) => Decimal) {}

  /** Applies a fill; returns false (and changes nothing) when its execution id was applied before. */
  apply(execution: Execution, strategy?: string): boolean {
    if (this.applied.has(execution.executionId)) return false;
    this.applied.add(execution.executionId);
    const key = bookKey(execution.account, execution.instrument, strategy);
    let book = this.books.get(key);
    if (!book) {
      book = {
        account: execution.account,
        instrument: execution.instrument,
        strategy,
        quantity: Fraction.ZERO,
        cost: Fraction.ZERO,
        realizedPoints: Fraction.ZERO,
        fees: Fraction.ZERO,
      };
      this.books.set(key, book);
    }
    const price = Fraction.fromDecimal(execution.price);
    const size = Fraction.fromDecimal(execution.quantity);
    const fill = execution.side === 'buy' ? size : size.neg();
    book.fees = book.fees.add(Fraction.fromDecimal(execution.fee));

    if (book.quantity.isZero() || book.quantity.sign() === fill.sign()) {
      book.cost = book.cost.add(price.mul(fill));
      book.quantity = book.quantity.add(fill);
      return true;
    }
    // Reducing: close up to the open size at the average, then open the rest (if any) at the fill price.
    const open = book.quantity.abs();
    const closing = size.cmp(open) < 0 ? size : open;
    const direction = Fraction.of(BigInt(book.quantity.sign()));
    const removedCost = closing.cmp(open) === 0 ? book.cost : book.cost.mul(closing).div(open);
    book.realizedPoints = book.realizedPoints.add(price.mul(closing).mul(direction).sub(removedCost));
    book.cost = book.cost.sub(removedCost);
    book.quantity = book.quantity.sub(closing.mul(direction));
    const rest = size.sub(closing);
    if (!rest.isZero()) {
      const opened = execution.side === 'buy' ? rest : rest.neg();
      book.quantity = opened;
      book.cost = price.mul(opened);
    }
    return true;
  }

  hasApplied(executionId: string): boolean {
    return this.applied.has(executionId);
  }

  /** Positions per (account, instrument, strategy), marked now; all accounts when `accounts` is absent. */
  positions(mark: MarkOf, accounts?: readonly AccountId[]): Position[] {
    const wanted = accounts ? new Set(accounts) : null;
    return this.sorted()
      .filter((b) => !wanted || wanted.has(b.account))
      .map((b) => this.toPosition(b, mark));
  }

  /** The position of one (account, instrument, strategy), or null when it never traded. */
  position(
    account: AccountId,
    instrument: InstrumentId,
    strategy: string | undefined,
    mark: MarkOf,
  ): Position | null {
    const book = this.books.get(bookKey(account, instrument, strategy));
    return book ? this.toPosition(book, mark) : null;
  }

  /** The account's positions per instrument, every strategy together (what risk rules see). */
  instrumentPositions(account: AccountId, mark: MarkOf): Position[] {
    const merged = new Map<InstrumentId, Book>();
    for (const b of this.sorted()) {
      if (b.account !== account) continue;
      const m = merged.get(b.instrument);
      if (!m) merged.set(b.instrument, { ...b, strategy: undefined });
      else {
        m.quantity = m.quantity.add(b.quantity);
        m.cost = m.cost.add(b.cost);
        m.realizedPoints = m.realizedPoints.add(b.realizedPoints);
        m.fees = m.fees.add(b.fees);
      }
    }
    return [...merged.values()].map((b) => this.toPosition(b, mark));
  }

  /** Session P&L of one account. */
  accountPnl(account: AccountId, mark: MarkOf): { realized: Money; unrealized: Money; fees: Money } {
    const sums = this.sum(
      this.sorted().filter((b) => b.account === account),
      mark,
    );
    return {
      realized: sums.realized.toDecimal(),
      unrealized: sums.unrealized.toDecimal(),
      fees: sums.fees.toDecimal(),
    };
  }

  /** P&L per account (every account given), per desk and per strategy tag. */
  report(accounts: readonly Account[], mark: MarkOf): PnlReport {
    const books = this.sorted();
    const ids = new Set(accounts.map((a) => a.id));
    const accountLines: AccountPnl[] = [];
    const desks = new Map<string, { sums: Sums; equity: Fraction }>();
    for (const account of [...accounts].sort((a, b) => a.id.localeCompare(b.id))) {
      const sums = this.sum(
        books.filter((b) => b.account === account.id),
        mark,
      );
      const net = netOf(sums);
      const equity = Fraction.fromDecimal(account.startingEquity).add(net);
      accountLines.push({
        account: account.id,
        desk: account.desk,
        currency: account.currency,
        startingEquity: account.startingEquity,
        ...figures(sums),
        equity: equity.toDecimal(),
      });
      const desk = desks.get(account.desk);
      if (desk) {
        desk.sums = addSums(desk.sums, sums);
        desk.equity = desk.equity.add(equity);
      } else desks.set(account.desk, { sums, equity });
    }
    const strategies = new Map<string, { strategy: string | undefined; sums: Sums }>();
    for (const b of books) {
      if (!ids.has(b.account)) continue;
      const key = b.strategy ?? '';
      const sums = this.sum([b], mark);
      const line = strategies.get(key);
      if (line) line.sums = addSums(line.sums, sums);
      else strategies.set(key, { strategy: b.strategy, sums });
    }
    return {
      accounts: accountLines,
      desks: [...desks.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([desk, d]) => ({ desk, ...figures(d.sums), equity: d.equity.toDecimal() })),
      strategies: [...strategies.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, s]) => ({
          ...(s.strategy !== undefined ? { strategy: s.strategy } : {}),
          ...figures(s.sums),
        })),
    };
  }

  private toPosition(b: Book, mark: MarkOf): Position {
    const sums = this.sum([b], mark);
    const position: Position = {
      account: b.account,
      instrument: b.instrument,
      quantity: b.quantity.toDecimal(),
      avgPrice: b.quantity.isZero() ? null : b.cost.div(b.quantity).toDecimal(),
      realizedPnl: sums.realized.toDecimal(),
      unrealizedPnl: sums.unrealized.toDecimal(),
      fees: sums.fees.toDecimal(),
    };
    if (b.strategy !== undefined) position.strategy = b.strategy;
    return position;
  }

  private sum(books: readonly Book[], mark: MarkOf): Sums {
    let realized = Fraction.ZERO;
    let unrealized = Fraction.ZERO;
    let fees = Fraction.ZERO;
    for (const b of books) {
      const multiplier = Fraction.fromDecimal(this.multiplierOf(b.instrument));
      realized = realized.add(b.realizedPoints.mul(multiplier));
      fees = fees.add(b.fees);
      const price = b.quantity.isZero() ? null : mark(b.instrument);
      if (price !== null) {
        unrealized = unrealized.add(Fraction.fromDecimal(price).mul(b.quantity).sub(b.cost).mul(multiplier));
      }
    }
    return { realized, unrealized, fees };
  }

  private sorted(): Book[] {
    return [...this.books.values()].sort(
      (a, b) =>
        a.account.localeCompare(b.account) ||
        a.instrument.localeCompare(b.instrument) ||
        (a.strategy ?? '').localeCompare(b.strategy ?? ''),
    );
  }
}

function bookKey(account: AccountId, instrument: InstrumentId, strategy: string | undefined): string {
  return JSON.stringify([account, instrument, strategy ?? null]);
}

function netOf(s: Sums): Fraction {
  return s.realized.add(s.unrealized).sub(s.fees);
}

function addSums(a: Sums, b: Sums): Sums {
  return {
    realized: a.realized.add(b.realized),
    unrealized: a.unrealized.add(b.unrealized),
    fees: a.fees.add(b.fees),
  };
}

function figures(s: Sums): PnlFigures {
  return {
    realizedPnl: s.realized.toDecimal(),
    unrealizedPnl: s.unrealized.toDecimal(),
    fees: s.fees.toDecimal(),
    netPnl: netOf(s).toDecimal(),
  };
}
