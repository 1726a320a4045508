import type { z } from 'zod';
import type { Quote } from '../../domain/marketdata.js';
import type { Execution, Order, OrderRequest } from '../../domain/order.js';
import type { Clock } from '../clock.js';
import type { Disposable } from '../disposable.js';

/** What a running algo may do: submit and cancel child orders of its parent, read quotes, use time. */
export interface AlgoContext {
  readonly clock: Clock;
  readonly parent: Order;
  submitChild(
    request: Omit<OrderRequest, 'account' | 'instrument' | 'side' | 'clientOrderId'>,
  ): Promise<Order>;
  cancelChild(orderId: string): Promise<void>;
  quote(): Quote | null;
  /** Marks the parent done (all child orders final). */
  complete(reason?: string): void;
}

export interface AlgoInstance extends Disposable {
  onQuote?(quote: Quote): void;
  onExecution?(execution: Execution): void;
  onChildUpdate?(child: Order): void;
  /** The parent was asked to cancel: cancel children and stop. */
  onCancel(): void | Promise<void>;
}

/** `algo` kind (VWAP, TWAP, liquidity-seeking…), contributed to `algos/v1`. */
export interface ExecutionAlgo<P = unknown> {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly params: z.ZodType<P>;
  start(params: P, context: AlgoContext): AlgoInstance | Promise<AlgoInstance>;
}
