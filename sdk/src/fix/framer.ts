import { copyBytes, FixCodecError, type FixCodecErrorCode, MAX_ERROR_BYTES } from './errors.js';

const SOH = 1;

/** Sum of the bytes mod 256 — the FIX CheckSum. */
export function checksum(b: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += b[i]!;
  return sum & 255;
}

/** Receives what a `FixFramer` finds in a byte stream, in stream order. */
export interface FixFrameSink {
  /**
   * One complete message, `bytes[start, end)` from `8=` through the CheckSum's SOH, with BodyLength
   * and CheckSum verified. The bytes may be the framer's own buffer: use them (parse, copy) before
   * returning.
   */
  message(bytes: Uint8Array, start: number, end: number): void;
  /** Bytes that are not a message; the framer has skipped them and carries on after them. */
  error(error: FixCodecError): void;
}

export interface FixFramerOptions {
  /** Largest BodyLength accepted (default 1 MiB); a larger one is reported and skipped. */
  readonly maxBodyLength?: number;
  /** Check CheckSum values (default true). */
  readonly validateChecksum?: boolean;
}

const NEED_MORE = -1;

/**
 * Splits a byte stream into FIX messages: finds `8=FIX`, reads BodyLength, checks that the CheckSum
 * field sits where BodyLength says and that its value matches. Anything else is reported as a typed
 * error and skipped — never the rest of the stream:
 *
 * - bytes before a message start → `GARBLED` (one report per run, when the next message starts or
 *   at `end()`), likewise a start whose header is broken (no `9=`, non-numeric length) →
 *   `GARBLED`, or over `maxBodyLength` → `MESSAGE_TOO_LARGE`, the scan resuming one byte further;
 * - BodyLength not pointing at `10=` → `BAD_BODY_LENGTH`; as QuickFIX does, the message is taken to
 *   end at the first CheckSum field at or after the declared end (so a too-long length swallows the
 *   message behind it, and both are dropped);
 * - a CheckSum that is not three digits or does not match → `BAD_CHECKSUM`.
 *
 * The outcome depends only on the bytes, never on how they were split into chunks.
 */
export class FixFramer {
  private readonly maxBodyLength: number;
  private readonly validateChecksum: boolean;
  private pending: Buffer = Buffer.allocUnsafe(0);
  private pendingLength = 0;
  private garbageCount = 0;
  private garbage: Buffer | null = null;
  private garbageCode: FixCodecErrorCode = 'GARBLED';
  private garbageReason = '';

  constructor(options: FixFramerOptions = {}) {
    this.maxBodyLength = options.maxBodyLength ?? 1 << 20;
    this.validateChecksum = options.validateChecksum ?? true;
  }

  /** Bytes held back waiting for the rest of a message. */
  get buffered(): number {
    return this.pendingLength;
  }

  /** Feeds the next chunk of the stream; complete messages and errors go to `sink` before it returns. */
  push(chunk: Uint8Array, sink: FixFrameSink): void {
    if (this.pendingLength === 0) {
      // Nothing held back: frame straight out of the caller's chunk, keep only an incomplete tail.
      const consumed = this.scan(chunk, 0, chunk.length, sink);
      if (consumed < chunk.length) this.hold(chunk, consumed, chunk.length);
      return;
    }
    this.hold(chunk, 0, chunk.length);
    const consumed = this.scan(this.pending, 0, this.pendingLength, sink);
    if (consumed > 0) {
      this.pending.copyWithin(0, consumed, this.pendingLength);
      this.pendingLength -= consumed;
    }
    // Give back the room a very large message needed.
    if (this.pendingLength === 0 && this.pending.length > 1 << 16) this.pending = Buffer.allocUnsafe(0);
  }

  /** The stream ended: whatever is held back is an incomplete message, reported as `GARBLED`. */
  end(sink: FixFrameSink): void {
    if (this.pendingLength > 0) {
      if (this.garbageCount === 0) this.noteProblem('GARBLED', 'incomplete message at the end of the stream');
      for (let i = 0; i < this.pendingLength; i++) this.addGarbage(this.pending[i]!);
      this.pendingLength = 0;
    }
    this.flushGarbage(sink);
  }

  private hold(source: Uint8Array, from: number, to: number): void {
    const need = this.pendingLength + (to - from);
    if (need > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.pending.length * 2, 4096));
      this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    this.pending.set(source.subarray(from, to), this.pendingLength);
    this.pendingLength = need;
  }

  /** Frames `b[pos, end)`; returns how far the bytes were consumed (the rest needs more data). */
  private scan(b: Uint8Array, pos: number, end: number, sink: FixFrameSink): number {
    while (pos < end) {
      const startHere = this.startAt(b, pos, end);
      if (startHere === NEED_MORE) return pos;
      if (startHere === 0) {
        this.addGarbage(b[pos]!);
        pos++;
        continue;
      }
      const result = this.frameAt(b, pos, end);
      if (result === NEED_MORE) return pos;
      if (result === 0) {
        // Broken header: skip one byte and look for the next start.
        this.addGarbage(b[pos]!);
        pos++;
        continue;
      }
      this.flushGarbage(sink);
      const messageEnd = result;
      const problem = this.problem;
      this.problem = null;
      if (problem === null) sink.message(b, pos, messageEnd);
      else sink.error(new FixCodecError(problem.code, problem.message, copyBytes(b, pos, messageEnd)));
      pos = messageEnd;
    }
    return pos;
  }

  /** 1 when `8=FIX` starts at `pos`, NEED_MORE when the bytes there could still become one, else 0. */
  private startAt(b: Uint8Array, pos: number, end: number): number {
    const have = end - pos;
    for (let k = 0; k < 5; k++) {
      if (k >= have) return NEED_MORE;
      if (b[pos + k] !== START[k]) return 0;
    }
    return 1;
  }

  /** Set by `frameAt` when the frame it returns is to be reported rather than delivered. */
  private problem: { code: FixCodecErrorCode; message: string } | null = null;

  /**
   * At a start: the end of the frame (with `problem` set if it is bad), 0 when the header is broken
   * (the start is not a message), or NEED_MORE.
   */
  private frameAt(b: Uint8Array, s: number, end: number): number {
    // BeginString: up to 32 bytes and a SOH.
    let p = s + 2;
    const limit = Math.min(end, p + 33);
    while (p < limit && b[p] !== SOH) p++;
    if (p >= end) return p - s >= 35 ? this.brokenHeader('BeginString without a SOH') : NEED_MORE;
    if (b[p] !== SOH) return this.brokenHeader('BeginString without a SOH');
    p++;
    if (end - p < 2) return NEED_MORE;
    if (b[p] !== 57 || b[p + 1] !== 61)
      return this.brokenHeader('BodyLength (9) does not follow BeginString');
    p += 2;
    const digits = p;
    let length = 0;
    while (p < end && p - digits < 10) {
      const d = b[p]! - 48;
      if (d < 0 || d > 9) break;
      length = length * 10 + d;
      p++;
    }
    if (p >= end) return p - digits >= 10 ? this.brokenHeader('BodyLength is not a number') : NEED_MORE;
    if (b[p] !== SOH || p === digits) return this.brokenHeader('BodyLength is not a number');
    if (length > this.maxBodyLength) {
      this.noteProblem(
        'MESSAGE_TOO_LARGE',
        `BodyLength ${length} is over the limit of ${this.maxBodyLength}`,
      );
      return 0;
    }
    const bodyStart = p + 1;
    const declaredEnd = bodyStart + length;
    if (end < declaredEnd + 7) {
      // Not all there yet — unless a CheckSum field already ends before the declared end, in
      // which case the length can only be wrong; still, as QuickFIX, wait for the declared end.
      return NEED_MORE;
    }
    if (
      b[declaredEnd - 1] === SOH &&
      b[declaredEnd] === 49 &&
      b[declaredEnd + 1] === 48 &&
      b[declaredEnd + 2] === 61
    ) {
      // "10=" where BodyLength says.
      const v = declaredEnd + 3;
      const d0 = b[v]! - 48;
      const d1 = b[v + 1]! - 48;
      const d2 = b[v + 2]! - 48;
      if (d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 && b[v + 3] === SOH) {
        const frameEnd = v + 4;
        if (this.validateChecksum) {
          const expected = d0 * 100 + d1 * 10 + d2;
          const actual = checksum(b, s, declaredEnd);
          if (expected !== actual)
            this.problem = {
              code: 'BAD_CHECKSUM',
              message: `CheckSum ${String(expected).padStart(3, '0')} does not match the bytes (${String(actual).padStart(3, '0')})`,
            };
        }
        return frameEnd;
      }
      // "10=" with a value that is not three digits: the frame ends at its SOH.
      let q = v;
      while (q < end && b[q] !== SOH && q - v < 16) q++;
      if (q >= end) return NEED_MORE;
      this.problem = { code: 'BAD_CHECKSUM', message: 'CheckSum is not three digits' };
      return b[q] === SOH ? q + 1 : q;
    }
    // The CheckSum is not where BodyLength says: the message runs to the next CheckSum field — if
    // there is one within the size limit (bounded by position, so chunking cannot change the answer).
    const searchLimit = s + this.maxBodyLength + 64;
    let q = Math.max(declaredEnd - 1, bodyStart - 1);
    for (;;) {
      if (q >= searchLimit) return this.brokenHeader('no CheckSum field within the size limit');
      if (q + 4 > end) return NEED_MORE;
      if (b[q] === SOH && b[q + 1] === 49 && b[q + 2] === 48 && b[q + 3] === 61) break;
      q++;
    }
    let r = q + 4;
    while (r < end && b[r] !== SOH && r - q < 20) r++;
    if (r >= end) return NEED_MORE;
    this.problem = {
      code: 'BAD_BODY_LENGTH',
      message: `BodyLength ${length} does not end where the CheckSum field starts`,
    };
    return b[r] === SOH ? r + 1 : r;
  }

  private brokenHeader(reason: string): number {
    this.noteProblem('GARBLED', reason);
    return 0;
  }

  private noteProblem(code: FixCodecErrorCode, reason: string): void {
    if (this.garbageCount === 0 && this.garbageReason === '') {
      this.garbageCode = code;
      this.garbageReason = reason;
    }
  }

  private addGarbage(byte: number): void {
    if (this.garbageCount < MAX_ERROR_BYTES) {
      this.garbage ??= Buffer.allocUnsafe(MAX_ERROR_BYTES);
      this.garbage[this.garbageCount] = byte;
    }
    this.garbageCount++;
  }

  private flushGarbage(sink: FixFrameSink): void {
    if (this.garbageCount === 0) return;
    const count = this.garbageCount;
    const kept = Math.min(count, MAX_ERROR_BYTES);
    const bytes = Uint8Array.prototype.slice.call(this.garbage!, 0, kept);
    const reason = this.garbageReason || 'not a FIX message';
    const code = this.garbageCode;
    this.garbageCount = 0;
    this.garbageCode = 'GARBLED';
    this.garbageReason = '';
    sink.error(new FixCodecError(code, `${count} byte${count === 1 ? '' : 's'} skipped: ${reason}`, bytes));
  }
}

const START = [56, 61, 70, 73, 88]; // "8=FIX"

/**
 * Checks one framed message: starts with `8=`, BodyLength points at `10=`, CheckSum is three digits
 * and matches. Returns the problem, or null when the frame is sound.
 */
export function verifyFrame(b: Uint8Array, start: number, end: number): FixCodecError | null {
  const bad = (code: FixCodecErrorCode, message: string) =>
    new FixCodecError(code, message, copyBytes(b, start, end));
  if (end - start < 12 || b[start] !== 56 || b[start + 1] !== 61)
    return bad('GARBLED', 'does not start with 8=');
  let p = start + 2;
  while (p < end && b[p] !== SOH) p++;
  p++;
  if (b[p] !== 57 || b[p + 1] !== 61) return bad('GARBLED', 'BodyLength (9) does not follow BeginString');
  p += 2;
  const digits = p;
  let length = 0;
  while (p < end && b[p]! >= 48 && b[p]! <= 57 && p - digits < 10) length = length * 10 + (b[p++]! - 48);
  if (p === digits || b[p] !== SOH) return bad('GARBLED', 'BodyLength is not a number');
  const declaredEnd = p + 1 + length;
  if (
    declaredEnd + 7 !== end ||
    b[declaredEnd - 1] !== SOH ||
    b[declaredEnd] !== 49 ||
    b[declaredEnd + 1] !== 48 ||
    b[declaredEnd + 2] !== 61
  )
    return bad('BAD_BODY_LENGTH', `BodyLength ${length} does not end where the CheckSum field starts`);
  const v = declaredEnd + 3;
  let expected = 0;
  for (let k = 0; k < 3; k++) {
    const d = b[v + k]! - 48;
    if (d < 0 || d > 9) return bad('BAD_CHECKSUM', 'CheckSum is not three digits');
    expected = expected * 10 + d;
  }
  if (b[v + 3] !== SOH) return bad('BAD_CHECKSUM', 'CheckSum is not three digits');
  const actual = checksum(b, start, declaredEnd);
  if (actual !== expected)
    return bad('BAD_CHECKSUM', `CheckSum ${expected} does not match the bytes (${actual})`);
  return null;
}
