import { ERROR_CODES, QmoError } from '@qmo/sdk';

/** Why a replay request cannot be done now; the HTTP layer answers it with `status` as problem+json. */
export type ReplayProblemKind =
  /** Time asked is before the cursor: going back needs a reset. */
  | 'cursor-behind'
  /** Time asked is after the last closed bar (the live market's future). */
  | 'after-last-bar'
  /** No stored bar at or before the start asked for. */
  | 'no-bars'
  /** The user already has as many sessions as allowed. */
  | 'too-many-sessions'
  /** The session already has as many working paper orders as allowed. */
  | 'too-many-orders'
  /** One advance would replay more bars than allowed. */
  | 'too-far';

const STATUS: Record<ReplayProblemKind, 409 | 422> = {
  'cursor-behind': 409,
  'after-last-bar': 422,
  'no-bars': 422,
  'too-many-sessions': 409,
  'too-many-orders': 409,
  'too-far': 422,
};

export class ReplayError extends QmoError {
  readonly status: 409 | 422;
  constructor(
    readonly kind: ReplayProblemKind,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(ERROR_CODES.INVALID_ARGUMENT, message, { reason: kind, ...details });
    this.status = STATUS[kind];
  }
}
