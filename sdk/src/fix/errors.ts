/**
 * Typed errors of the FIX codec. Every code means, for a session, "this is not a message": FIX
 * session rules treat such input as garbled — ignore it, do not consume a sequence number — and the
 * framer carries on with the bytes after it.
 */
export type FixCodecErrorCode =
  /** Bytes that do not start a FIX message (noise before `8=`, a broken `8=`/`9=` header). */
  | 'GARBLED'
  /** BodyLength does not point at the CheckSum field (too short, too long, or not a number). */
  | 'BAD_BODY_LENGTH'
  /** The CheckSum value is not three digits or does not match the bytes. */
  | 'BAD_CHECKSUM'
  /** BodyLength larger than the framer's limit. */
  | 'MESSAGE_TOO_LARGE'
  /** A field that is not `tag=value<SOH>` with an integer tag. */
  | 'BAD_FIELD'
  /** The first three fields are not BeginString, BodyLength, MsgType, or the last is not CheckSum. */
  | 'BAD_HEADER_ORDER'
  /** A length-prefixed data field whose length field is missing or points past its SOH. */
  | 'BAD_DATA_LENGTH'
  /** A value the encoder cannot write (SOH inside a non-data value, a character above U+00FF, …). */
  | 'BAD_VALUE'
  /** A value read with the wrong accessor (`getInt` on "12a", …). */
  | 'BAD_FORMAT';

export class FixCodecError extends Error {
  override readonly name = 'FixCodecError';
  constructor(
    readonly code: FixCodecErrorCode,
    message: string,
    /** The bytes concerned (a copy, at most `MAX_ERROR_BYTES`), for logs and the audit trail. */
    readonly bytes?: Uint8Array,
    /** The tag concerned, when there is one. */
    readonly tag?: number,
  ) {
    super(message);
  }
}

/** Error reports carry at most this many of the offending bytes. */
export const MAX_ERROR_BYTES = 4096;

export function copyBytes(source: Uint8Array, start: number, end: number): Uint8Array {
  return source.slice(start, Math.min(end, start + MAX_ERROR_BYTES));
}
