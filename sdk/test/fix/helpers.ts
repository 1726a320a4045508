import { checksum, FixCodecError, FixFramer, type FixFrameSink } from '../../src/fix/index.js';

/** "|"-separated text → bytes, SOH for "|". */
export function soh(text: string): Buffer {
  return Buffer.from(text.replaceAll('|', '\u0001'), 'latin1');
}

/** Bytes → "|"-separated text. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1').replaceAll('\u0001', '|');
}

/**
 * What the QuickFIX test runner does with an `I` line: BodyLength after BeginString when there is no
 * `9=`, CheckSum at the end when there is no `10=`.
 */
export function msg(fields: string): Buffer {
  let body = fields.endsWith('|') ? fields : `${fields}|`;
  if (!/(^|\|)9=/.test(body)) {
    const first = body.indexOf('|') + 1;
    const rest = body.slice(first);
    body = `${body.slice(0, first)}9=${Buffer.byteLength(rest.replaceAll('|', '\u0001'), 'latin1')}|${rest}`;
  }
  if (!/(^|\|)10=[^|]*\|$/.test(body)) {
    const bytes = soh(body);
    body += `10=${String(checksum(bytes, 0, bytes.length)).padStart(3, '0')}|`;
  }
  return soh(body);
}

export interface Framed {
  messages: string[];
  errors: FixCodecError[];
}

/** Frames `chunks` in order and collects everything the framer reports (messages as text). */
export function frameAll(chunks: Uint8Array[], framer = new FixFramer(), end = true): Framed {
  const out: Framed = { messages: [], errors: [] };
  const sink: FixFrameSink = {
    message: (b, s, e) => out.messages.push(text(b.subarray(s, e))),
    error: (err) => {
      if (!(err instanceof FixCodecError)) throw new Error('not a FixCodecError');
      out.errors.push(err);
    },
  };
  for (const c of chunks) framer.push(c, sink);
  if (end) framer.end(sink);
  return out;
}

/** Splits `bytes` at the given cut points (any order, duplicates allowed). */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

export const SENDING_TIME = '20261124-09:30:00.123';
