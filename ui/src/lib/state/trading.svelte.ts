import type { Execution, Order } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import type { PnlReport, PositionInfo } from '../api/types.js';
import { mergeExecutions, mergeOrders } from '../trading/blotter.js';
import { mergePositions } from '../trading/positions.js';
import { reportError } from './errors.svelte.js';

const PNL_REFRESH_MS = 1500;

/**
 * Orders, fills, positions and P&L of the signed-in user's accounts: loaded once over HTTP, then
 * kept current by the stream's `order`, `execution` and `position` events (merged, never replaced
 * by an older version).
 */
class TradingState {
  orders = $state.raw<ReadonlyMap<string, Order>>(new Map());
  executions = $state.raw<ReadonlyMap<string, Execution>>(new Map());
  positions = $state.raw<ReadonlyMap<string, PositionInfo>>(new Map());
  pnl = $state.raw<PnlReport | null>(null);
  /** 'idle' before the first load and after sign-out. */
  phase = $state<'idle' | 'loading' | 'ready'>('idle');

  private accounts: string[] = [];
  /** Bumped by every load and clear: answers of a superseded load are dropped. */
  private generation = 0;
  /** Positions streamed while a load is under way, re-applied over its snapshot. */
  private pendingPositions: PositionInfo[] | null = null;
  private pnlTimer: ReturnType<typeof setTimeout> | null = null;

  async load(accounts: readonly string[]): Promise<void> {
    const generation = ++this.generation;
    this.accounts = [...accounts];
    this.phase = 'loading';
    this.pendingPositions = [];
    if (!accounts.length) {
      this.orders = new Map();
      this.executions = new Map();
      this.positions = new Map();
      this.pnl = null;
      this.phase = 'ready';
      return;
    }
    const [orders, executions, positions, pnl] = await Promise.allSettled([
      api.orders(accounts),
      api.executions(accounts),
      api.positions(accounts),
      api.pnl(accounts),
    ]);
    if (generation !== this.generation) return;
    if (orders.status === 'fulfilled') this.orders = mergeOrders(this.orders, orders.value);
    else reportError(orders.reason, 'Orders');
    if (executions.status === 'fulfilled')
      this.executions = mergeExecutions(this.executions, executions.value);
    else reportError(executions.reason, 'Fills');
    if (positions.status === 'fulfilled')
      this.positions = mergePositions(
        mergePositions(new Map(), positions.value),
        this.pendingPositions ?? [],
      );
    else reportError(positions.reason, 'Positions');
    if (pnl.status === 'fulfilled') this.pnl = pnl.value;
    else reportError(pnl.reason, 'P&L');
    this.pendingPositions = null;
    this.phase = 'ready';
  }

  /** After a reconnect events may have been missed: load again (merging keeps what is newer). */
  reload(): Promise<void> {
    return this.load(this.accounts);
  }

  clear(): void {
    this.generation++;
    this.accounts = [];
    this.orders = new Map();
    this.executions = new Map();
    this.positions = new Map();
    this.pnl = null;
    this.pendingPositions = null;
    this.phase = 'idle';
    if (this.pnlTimer) clearTimeout(this.pnlTimer);
    this.pnlTimer = null;
  }

  /** An order from the stream or from an HTTP answer (submit, cancel, amend). */
  onOrder = (order: Order): void => {
    if (this.phase === 'idle') return;
    this.orders = mergeOrders(this.orders, [order]);
  };

  onExecution = (execution: Execution): void => {
    if (this.phase === 'idle') return;
    this.executions = mergeExecutions(this.executions, [execution]);
  };

  onPosition = (position: PositionInfo): void => {
    if (this.phase === 'idle') return;
    this.pendingPositions?.push(position);
    this.positions = mergePositions(this.positions, [position]);
    this.schedulePnl();
  };

  /** The account-level P&L (equity) follows the positions, at most every PNL_REFRESH_MS. */
  private schedulePnl(): void {
    if (this.pnlTimer) return;
    const generation = this.generation;
    this.pnlTimer = setTimeout(async () => {
      this.pnlTimer = null;
      try {
        const pnl = await api.pnl(this.accounts);
        if (generation === this.generation) this.pnl = pnl;
      } catch {
        // Quiet: the positions table carries the P&L; the summary keeps its last value.
      }
    }, PNL_REFRESH_MS);
  }
}

export const trading = new TradingState();
