import type { Execution, Order, Position } from '@qmo/sdk';
import { requestJson } from '../api/http.js';

const BASE = 'api/v1/replay/sessions';
const seg = encodeURIComponent;

export type PaperOrderType = 'market' | 'limit' | 'stop';

export interface PaperOrderRequest {
  side: 'buy' | 'sell';
  type: PaperOrderType;
  quantity: string;
  limitPrice?: string;
  stopPrice?: string;
}

/** A paper session of bar replay as the host reports it (`GET /replay/sessions/{id}`). */
export interface PaperState {
  id: string;
  instrument: string;
  tf: string;
  start: number;
  cursor: number;
  barTime: number;
  now: number;
  price: string;
  orders: Order[];
  executions: Execution[];
  position: Position;
  pnl: { realized: string; unrealized: string; fees: string; net: string };
  account: { startingCash: string; cash: string; equity: string };
}

export interface PaperOrderAnswer {
  order: Order;
  session: PaperState;
}

/** The replay paper-trading endpoints. */
export const paperApi = {
  open: (instrument: string, tf: string, start: number) =>
    requestJson<PaperState>('POST', BASE, { instrument, tf, start }),
  advance: (id: string, to: number) => requestJson<PaperState>('POST', `${BASE}/${seg(id)}/advance`, { to }),
  reset: (id: string, start: number) =>
    requestJson<PaperState>('POST', `${BASE}/${seg(id)}/reset`, { start }),
  place: (id: string, order: PaperOrderRequest) =>
    requestJson<PaperOrderAnswer>('POST', `${BASE}/${seg(id)}/orders`, order),
  cancel: (id: string, orderId: string) =>
    requestJson<PaperOrderAnswer>('DELETE', `${BASE}/${seg(id)}/orders/${seg(orderId)}`),
  close: (id: string) => requestJson<null>('DELETE', `${BASE}/${seg(id)}`),
  /** Ends a session while the page unloads (the request outlives the page). */
  closeOnUnload: (id: string) => {
    void fetch(`${BASE}/${seg(id)}`, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(
      () => {},
    );
  },
};
