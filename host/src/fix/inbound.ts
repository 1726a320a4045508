import type { FixMessageView } from '@qmo/sdk/fix';

/** The fields of an order message the gateway reads, copied out of the view (valid only during the callback). */
export interface OrderMessage {
  msgType: string;
  seq: number;
  clOrdId: string;
  origClOrdId?: string;
  orderId?: string;
  account?: string;
  symbol?: string;
  securityId?: string;
  securityIdSource?: string;
  side?: string;
  orderQty?: string;
  ordType?: string;
  price?: string;
  stopPx?: string;
  timeInForce?: string;
  /** ExpireTime (126), epoch ms. */
  expireTime?: number;
  /** ExpireDate (432), YYYYMMDD. */
  expireDate?: string;
  execInst?: string;
  /** MaxFloor (111): the shown quantity of an iceberg. */
  maxFloor?: string;
}

const opt = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

export function readOrderMessage(view: FixMessageView): OrderMessage {
  const m: OrderMessage = {
    msgType: view.getString(35) ?? '',
    seq: view.getInt(34) ?? 0,
    clOrdId: view.getString(11) ?? '',
  };
  const put = <K extends keyof OrderMessage>(key: K, value: OrderMessage[K] | undefined) => {
    if (value !== undefined) m[key] = value;
  };
  put('origClOrdId', opt(view.getString(41)));
  put('orderId', opt(view.getString(37)));
  put('account', opt(view.getString(1)));
  put('symbol', opt(view.getString(55)));
  put('securityId', opt(view.getString(48)));
  put('securityIdSource', opt(view.getString(22)));
  put('side', opt(view.getString(54)));
  put('orderQty', opt(view.getDecimal(38)));
  put('ordType', opt(view.getString(40)));
  put('price', opt(view.getDecimal(44)));
  put('stopPx', opt(view.getDecimal(99)));
  put('timeInForce', opt(view.getString(59)));
  if (view.has(126)) put('expireTime', view.getTimestamp(126));
  put('expireDate', opt(view.getString(432)));
  put('execInst', opt(view.getString(18)));
  put('maxFloor', opt(view.getDecimal(111)));
  return m;
}
