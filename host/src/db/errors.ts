/** The configured PostgreSQL server could not be reached or refused the connection. */
export class DatabaseConnectionError extends Error {
  readonly code = 'QMO_DATABASE_UNREACHABLE';
  constructor(
    /** The database URL with its password removed. */
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`cannot connect to PostgreSQL at ${url}: ${describe(options.cause)}`, options);
    this.name = 'DatabaseConnectionError';
  }
}

/** A bar the bar store refuses to write (only 1-minute bars aligned to the minute are stored). */
export class InvalidBarError extends Error {
  readonly code = 'QMO_INVALID_BAR';
  constructor(
    message: string,
    readonly instrument: string,
    readonly ts: number,
  ) {
    super(message);
    this.name = 'InvalidBarError';
  }
}

/** A readable reason, also for errors without a message (an AggregateError of several addresses). */
function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.message !== '') return cause.message;
  if (cause instanceof AggregateError) return cause.errors.map(describe).join('; ');
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.name;
}

/** An order whose client order id the account already used (the key `(account, client_order_id)` refused it). */
export class DuplicateClientOrderIdError extends Error {
  readonly code = 'QMO_DUPLICATE_CLIENT_ORDER_ID';
  constructor(
    readonly account: string,
    readonly clientOrderId: string,
  ) {
    super(`account "${account}" already has an order with client order id "${clientOrderId}"`);
    this.name = 'DuplicateClientOrderIdError';
  }
}
