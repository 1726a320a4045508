/** Why the venue refused an order, a cancel or a replace: stable codes, part of the venue's contract. */
export const REJECT_CODES = {
  /** The instrument is not traded at this venue. */
  UNKNOWN_INSTRUMENT: 'UNKNOWN_INSTRUMENT',
  /** Quantity missing, not positive, off the lot grid, below the minimum, or a bad display quantity. */
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  /** Limit or stop price missing, not positive or off the tick grid. */
  INVALID_PRICE: 'INVALID_PRICE',
  /** A combination of fields the venue does not support (post-only market order, IOC post-only, …). */
  INVALID_ORDER: 'INVALID_ORDER',
  /** GTD without `expireAt`, or already expired. */
  INVALID_EXPIRY: 'INVALID_EXPIRY',
  /** The account is reserved by the venue (its house account). */
  INVALID_ACCOUNT: 'INVALID_ACCOUNT',
  /** The venue is configured closed. */
  MARKET_CLOSED: 'MARKET_CLOSED',
  /** A market order against a book with nothing it could trade with. */
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  /** A post-only order (or a replace of one) would take liquidity. */
  POST_ONLY_WOULD_CROSS: 'POST_ONLY_WOULD_CROSS',
  /** The order id is already used by another order in the book. */
  DUPLICATE_ORDER_ID: 'DUPLICATE_ORDER_ID',
  /** Cancel or replace of an order the venue does not know. */
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  /** Cancel of an order that is no longer working (filled, canceled, expired). */
  TOO_LATE_TO_CANCEL: 'TOO_LATE_TO_CANCEL',
  /** Replace of an order that is no longer working. */
  TOO_LATE_TO_REPLACE: 'TOO_LATE_TO_REPLACE',
  /** Replace to a quantity at or below what is already filled. */
  INVALID_REPLACE_QUANTITY: 'INVALID_REPLACE_QUANTITY',
} as const;
export type RejectCode = (typeof REJECT_CODES)[keyof typeof REJECT_CODES];

/** Why a working order ended without being filled (the reason passed with `canceled`). */
export const CANCEL_CODES = {
  /** Canceled on request. */
  CANCELED: 'CANCELED',
  /** The unfilled rest of an IOC order. */
  IOC_UNFILLED: 'IOC_UNFILLED',
  /** A FOK order that could not be filled completely (checked before any fill). */
  FOK_UNFILLABLE: 'FOK_UNFILLABLE',
  /** The unfilled rest of a market order once the book had nothing more to trade with. */
  MARKET_UNFILLED: 'MARKET_UNFILLED',
  /** A resting order canceled because an order of the same account would have traded with it. */
  SELF_TRADE_PREVENTED: 'SELF_TRADE_PREVENTED',
  /** A triggered stop (market) with nothing to trade with. */
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  /** A triggered post-only stop-limit that would take liquidity. */
  POST_ONLY_WOULD_CROSS: 'POST_ONLY_WOULD_CROSS',
} as const;
export type CancelCode = (typeof CANCEL_CODES)[keyof typeof CANCEL_CODES];
