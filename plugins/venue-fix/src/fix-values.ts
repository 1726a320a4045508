import type { OrderType, Side, TimeInForce } from '@qmo/sdk';
import { FixOrdType, FixSide, FixTimeInForce } from '@qmo/sdk/fix';

export const SIDE_TO_FIX: Readonly<Record<Side, string>> = { buy: FixSide.Buy, sell: FixSide.Sell };

export const ORD_TYPE_TO_FIX: Readonly<Record<OrderType, string>> = {
  market: FixOrdType.Market,
  limit: FixOrdType.Limit,
  stop: FixOrdType.Stop,
  'stop-limit': FixOrdType.StopLimit,
};

export const TIF_TO_FIX: Readonly<Record<TimeInForce, string>> = {
  DAY: FixTimeInForce.Day,
  GTC: FixTimeInForce.GoodTillCancel,
  IOC: FixTimeInForce.ImmediateOrCancel,
  FOK: FixTimeInForce.FillOrKill,
  GTD: FixTimeInForce.GoodTillDate,
};

/** ExecInst (18) values QMO sends. */
export const ExecInst = { ParticipateDontInitiate: '6', DoNotIncrease: 'E' } as const;

/** A UTCTimestamp (`YYYYMMDD-HH:MM:SS.sss`) from epoch milliseconds. */
export function fixTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-05T09:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

/** OrdRejReason (103) as a stable reject code. */
export const ORD_REJ_REASON_CODES: Readonly<Record<number, string>> = {
  0: 'BROKER_OPTION',
  1: 'UNKNOWN_SYMBOL',
  2: 'EXCHANGE_CLOSED',
  3: 'ORDER_EXCEEDS_LIMIT',
  4: 'TOO_LATE_TO_ENTER',
  5: 'UNKNOWN_ORDER',
  6: 'DUPLICATE_ORDER',
  7: 'DUPLICATE_VERBAL_ORDER',
  8: 'STALE_ORDER',
  9: 'TRADE_ALONG_REQUIRED',
  10: 'INVALID_INVESTOR_ID',
  11: 'UNSUPPORTED_ORDER_CHARACTERISTIC',
  12: 'SURVEILLANCE_OPTION',
  13: 'INCORRECT_QUANTITY',
  14: 'INCORRECT_ALLOCATED_QUANTITY',
  15: 'UNKNOWN_ACCOUNT',
  18: 'INVALID_PRICE_INCREMENT',
  99: 'OTHER',
};

/** CxlRejReason (102) as a stable cancel-reject code. */
export const CXL_REJ_REASON_CODES: Readonly<Record<number, string>> = {
  0: 'TOO_LATE_TO_CANCEL',
  1: 'UNKNOWN_ORDER',
  2: 'BROKER_OPTION',
  3: 'ALREADY_PENDING',
  4: 'UNABLE_TO_PROCESS_MASS_CANCEL',
  5: 'ORIG_ORD_MOD_TIME_MISMATCH',
  6: 'DUPLICATE_CLORDID',
  99: 'OTHER',
};

/** BusinessRejectReason (380) as a stable code. */
export const BUSINESS_REJECT_CODES: Readonly<Record<number, string>> = {
  0: 'BUSINESS_REJECT_OTHER',
  1: 'UNKNOWN_ID',
  2: 'UNKNOWN_SECURITY',
  3: 'UNSUPPORTED_MESSAGE_TYPE',
  4: 'APPLICATION_NOT_AVAILABLE',
  5: 'CONDITIONALLY_REQUIRED_FIELD_MISSING',
  6: 'NOT_AUTHORIZED',
  7: 'DELIVERTO_FIRM_NOT_AVAILABLE',
};

export function codeOf(table: Readonly<Record<number, string>>, value: number | undefined, fallback: string) {
  if (value === undefined) return fallback;
  return table[value] ?? `${fallback}_${value}`;
}
