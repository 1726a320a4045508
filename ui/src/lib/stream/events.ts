/** The socket.io contract between the host and the UI (default namespace). */
import type {
  Account,
  Bar,
  BookMessage,
  Execution,
  InstrumentId,
  Order,
  Position,
  Quote,
  RiskAssessment,
  SourceChange,
  Trade,
} from '@qmo/sdk';

export interface SubscriptionError {
  /** Null when the request did not name one. */
  instrument: InstrumentId | null;
  code: string;
  message: string;
}

export type SubscribeAck = { ok: true } | { ok: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  quote: (quote: Quote) => void;
  /** An L2 snapshot of the top levels, throttled by the host. */
  book: (book: BookMessage) => void;
  trade: (trade: Trade) => void;
  /** 1-minute bars, forming (`closed: false`) or closed. */
  bar: (bar: Bar) => void;
  source: (change: SourceChange) => void;
  subscription_error: (error: SubscriptionError) => void;
  // Trading, to the rooms `account:<id>` of the accounts granted to the socket's principal.
  order: (order: Order) => void;
  execution: (execution: Execution) => void;
  position: (position: Position) => void;
  account_state: (account: Account) => void;
  /** An advisor's decision, to the socket that subscribed it (`advisor_subscribe`). */
  risk_assessment: (event: RiskAssessmentEvent) => void;
}

export interface RiskAssessmentEvent {
  subscription: string;
  account: string | null;
  assessment: RiskAssessment;
}

export interface AdvisorSubscribeRequest {
  advisor: string;
  instrument: InstrumentId;
  tf: string;
  account: string | null;
  params?: Record<string, unknown>;
}

export type AdvisorSubscribeAck =
  | { ok: true; subscription: string }
  | { ok: false; error: { code: string; message: string } };

/** The trading events, by name. */
export interface TradingEvents {
  order: Order;
  execution: Execution;
  position: Position;
  account_state: Account;
}

export const TRADING_EVENTS = [
  'order',
  'execution',
  'position',
  'account_state',
] as const satisfies readonly (keyof TradingEvents)[];

export interface ClientToServerEvents {
  subscribe: (request: { instrument: InstrumentId }, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (request: { instrument: InstrumentId }) => void;
  advisor_subscribe: (request: AdvisorSubscribeRequest, ack: (res: AdvisorSubscribeAck) => void) => void;
  advisor_unsubscribe: (request: { subscription: string }) => void;
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
