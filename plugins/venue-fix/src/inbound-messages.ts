import type { FixMessageView } from '@qmo/sdk/fix';

/** The ExecutionReport (8) fields the adapter acts on, read out of the message. */
export interface ExecReport {
  execType: string;
  ordStatus: string;
  execId: string;
  /** OrderID (37). */
  venueOrderId: string;
  clOrdId?: string | undefined;
  origClOrdId?: string | undefined;
  ordStatusReqId?: string | undefined;
  lastQty?: string | undefined;
  lastPx?: string | undefined;
  orderQty?: string | undefined;
  price?: string | undefined;
  stopPx?: string | undefined;
  cumQty?: string | undefined;
  ordRejReason?: number | undefined;
  text?: string | undefined;
  transactTime?: number | undefined;
  commission?: string | undefined;
  commType?: string | undefined;
  commCurrency?: string | undefined;
  currency?: string | undefined;
  lastLiquidityInd?: number | undefined;
  possDup: boolean;
}

/** OrderCancelReject (9). */
export interface CancelReject {
  clOrdId: string;
  origClOrdId?: string | undefined;
  venueOrderId?: string | undefined;
  ordStatus?: string | undefined;
  cxlRejReason?: number | undefined;
  cxlRejResponseTo?: string | undefined;
  text?: string | undefined;
  possDup: boolean;
}

/** BusinessMessageReject (j). */
export interface BusinessReject {
  refMsgType: string;
  /** BusinessRejectRefID (379): the ClOrdID of the refused order message. */
  refId?: string | undefined;
  reason?: number | undefined;
  text?: string | undefined;
  possDup: boolean;
}

export function readExecReport(v: FixMessageView): ExecReport {
  return {
    execType: v.getString(150) ?? '',
    ordStatus: v.getString(39) ?? '',
    execId: v.getString(17) ?? '',
    venueOrderId: v.getString(37) ?? '',
    clOrdId: v.getString(11),
    origClOrdId: v.getString(41),
    ordStatusReqId: v.getString(790),
    lastQty: v.getDecimal(32),
    lastPx: v.getDecimal(31),
    orderQty: v.getDecimal(38),
    price: v.getDecimal(44),
    stopPx: v.getDecimal(99),
    cumQty: v.getDecimal(14),
    ordRejReason: v.getInt(103),
    text: v.getString(58),
    transactTime: v.getTimestamp(60),
    commission: v.getDecimal(12),
    commType: v.getString(13),
    commCurrency: v.getString(479),
    currency: v.getString(15),
    lastLiquidityInd: v.getInt(851),
    possDup: v.getBoolean(43) === true,
  };
}

export function readCancelReject(v: FixMessageView): CancelReject {
  return {
    clOrdId: v.getString(11) ?? '',
    origClOrdId: v.getString(41),
    venueOrderId: v.getString(37),
    ordStatus: v.getString(39),
    cxlRejReason: v.getInt(102),
    cxlRejResponseTo: v.getString(434),
    text: v.getString(58),
    possDup: v.getBoolean(43) === true,
  };
}

export function readBusinessReject(v: FixMessageView): BusinessReject {
  return {
    refMsgType: v.getString(372) ?? '',
    refId: v.getString(379),
    reason: v.getInt(380),
    text: v.getString(58),
    possDup: v.getBoolean(43) === true,
  };
}
