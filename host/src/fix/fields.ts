import type { OrderState, OrderType, RejectReason, Side, TimeInForce } from '@qmo/sdk';

/** A FIX field list as `FixSession.sendApplication` takes it (ascending tags are not required). */
export type Fields = [tag: number, value: string][];

/** UTCTimestamp with milliseconds: `YYYYMMDD-HH:MM:SS.sss`. */
export function utcTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-05T09:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

export const SIDE_FROM_FIX: Readonly<Record<string, Side>> = { '1': 'buy', '2': 'sell' };
export const SIDE_TO_FIX: Readonly<Record<Side, string>> = { buy: '1', sell: '2' };

export const ORD_TYPE_FROM_FIX: Readonly<Record<string, OrderType>> = {
  '1': 'market',
  '2': 'limit',
  '3': 'stop',
  '4': 'stop-limit',
};
export const ORD_TYPE_TO_FIX: Readonly<Record<OrderType, string>> = {
  market: '1',
  limit: '2',
  stop: '3',
  'stop-limit': '4',
};

export const TIF_FROM_FIX: Readonly<Record<string, TimeInForce>> = {
  '0': 'DAY',
  '1': 'GTC',
  '3': 'IOC',
  '4': 'FOK',
  '6': 'GTD',
};
export const TIF_TO_FIX: Readonly<Record<TimeInForce, string>> = {
  DAY: '0',
  GTC: '1',
  IOC: '3',
  FOK: '4',
  GTD: '6',
};

/** OrdStatus (39) of each QMO order state (FIX 4.4 has no OrdStatus for Replaced: the replacement reports). */
export const ORD_STATUS: Readonly<Record<OrderState, string>> = {
  PendingNew: 'A',
  New: '0',
  PartiallyFilled: '1',
  Filled: '2',
  PendingCancel: '6',
  Canceled: '4',
  PendingReplace: 'E',
  Replaced: '4',
  Rejected: '8',
  Expired: 'C',
};

/** ExecType (150) of a state change that is not a fill; undefined: no execution report for it. */
export const EXEC_TYPE: Readonly<Partial<Record<OrderState, string>>> = {
  PendingNew: 'A',
  New: '0',
  PendingCancel: '6',
  Canceled: '4',
  PendingReplace: 'E',
  Rejected: '8',
  Expired: 'C',
};

/** ExecInst (18) values QMO understands: E (do not increase) = reduce-only, 6 (participate, do not initiate) = post-only. */
export const EXEC_INST_REDUCE_ONLY = 'E';
export const EXEC_INST_POST_ONLY = '6';

/** OrdRejReason (103) for an engine refusal. */
export function ordRejReason(reason: RejectReason | undefined): number {
  if (!reason) return 99;
  if (reason.code === 'ACCOUNT_UNKNOWN') return 15;
  if (reason.source === 'risk') return 3; // order exceeds limit (rules, trading state, kill switch)
  if (reason.source === 'venue') return 0; // broker / exchange option
  return 99;
}

/** BusinessRejectReason (380) values the gateway sends. */
export const BusinessReject = {
  Other: 0,
  UnknownId: 1,
  UnknownSecurity: 2,
  UnsupportedMessageType: 3,
  ConditionallyRequiredFieldMissing: 5,
  NotAuthorized: 6,
} as const;

/** CxlRejReason (102) values the gateway sends. */
export const CxlRejReason = {
  TooLate: 0,
  UnknownOrder: 1,
  AlreadyPending: 3,
  DuplicateClOrdId: 6,
  Other: 99,
} as const;
