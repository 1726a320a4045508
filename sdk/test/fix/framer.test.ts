import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixEncoder, FixFramer, loadFix44Dictionary } from '../../src/fix/index.js';
import { fieldsOf, generatableMessages, headerFields } from './arbitraries.js';
import { frameAll, msg, soh, splitAt, text } from './helpers.js';

const T = '20261124-13:45:00';
const heartbeat = (seq: number) => msg(`8=FIX.4.4|35=0|34=${seq}|49=TW44|52=${T}|56=ISLD`);
const order = (seq: number) =>
  msg(`8=FIX.4.4|35=D|34=${seq}|49=TW44|52=${T}|56=ISLD|11=ID|21=3|40=1|54=1|55=INTC|60=${T}`);
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('FixFramer: bad input is reported and skipped, the rest of the stream survives', () => {
  it('delivers consecutive messages, zero-copy from a single chunk', () => {
    const stream = Buffer.concat([heartbeat(1), order(2), heartbeat(3)]);
    const seen: Uint8Array[] = [];
    new FixFramer().push(stream, { message: (b) => seen.push(b), error: () => expect.unreachable() });
    expect(seen).toHaveLength(3);
    expect(seen.every((b) => b === stream)).toBe(true);
  });

  it('BodyLength too short: the message is dropped up to its CheckSum, the next one survives (2m)', () => {
    const tooShort = soh(text(order(2)).replace(/\|9=\d+\|/, '|9=30|'));
    const r = frameAll([tooShort, order(3)]);
    expect(codes(r)).toEqual(['BAD_BODY_LENGTH']);
    expect(r.messages).toEqual([text(order(3))]);
    expect(Buffer.from(r.errors[0]!.bytes!).equals(tooShort)).toBe(true);
  });

  it('BodyLength too long: the message swallows the next one, both are dropped (2m, as QuickFIX)', () => {
    const tooLong = soh(text(order(4)).replace(/\|9=\d+\|/, '|9=111|'));
    const r = frameAll([tooLong, order(5), order(4), order(5)]);
    expect(codes(r)).toEqual(['BAD_BODY_LENGTH']);
    expect(r.messages).toEqual([text(order(4)), text(order(5))]);
  });

  it('a wrong CheckSum, and one that is not three digits (3b, 2d)', () => {
    const wrong = soh(text(heartbeat(2)).replace(/10=\d{3}\|$/, '10=256|'));
    const garbled = msg(`8=FIX.4.4|9=52|35=0|34=2|4garbled9=TW|52=${T}|56=ISLD|10=0`);
    const r = frameAll([wrong, heartbeat(2), garbled, heartbeat(3)]);
    expect(codes(r)).toEqual(['BAD_CHECKSUM', 'BAD_CHECKSUM']);
    expect(r.errors[1]!.message).toMatch(/not three digits/);
    expect(r.messages).toEqual([text(heartbeat(2)), text(heartbeat(3))]);
  });

  it('bytes before a message, and the first three fields out of order (2t)', () => {
    const swapped = soh(`35=0|8=FIX.4.4|9=29|34=2|49=TW44|52=${T}|56=ISLD|10=121|`);
    const r = frameAll([swapped, heartbeat(2)]);
    expect(codes(r)).toEqual(['GARBLED', 'BAD_BODY_LENGTH']);
    expect(r.errors[0]!.bytes).toHaveLength(5);
    expect(r.messages).toEqual([text(heartbeat(2))]);
  });

  it('a start with a broken header is skipped byte by byte up to the next message', () => {
    const noLength = soh(`8=FIX.4.4|35=0|34=2|49=TW44|52=${T}|56=ISLD|10=000|`);
    const badLength = soh(`8=FIX.4.4|9=4x|35=0|10=000|`);
    const r = frameAll([noLength, heartbeat(2), badLength, heartbeat(3)]);
    expect(codes(r)).toEqual(['GARBLED', 'GARBLED']);
    expect(r.errors[0]!.message).toMatch(/BodyLength \(9\) does not follow BeginString/);
    expect(r.errors[0]!.bytes).toHaveLength(noLength.length);
    expect(r.errors[1]!.message).toMatch(/BodyLength is not a number/);
    expect(r.messages).toEqual([text(heartbeat(2)), text(heartbeat(3))]);
  });

  it('a message right after garbage ending in a digit, or in a partial start', () => {
    const r = frameAll([soh('|34=12'), heartbeat(2), soh('8=FI'), heartbeat(3)]);
    expect(r.messages).toEqual([text(heartbeat(2)), text(heartbeat(3))]);
    expect(r.errors.map((e) => e.bytes?.length)).toEqual([6, 4]);
  });

  it('BodyLength over the limit is MESSAGE_TOO_LARGE and does not stall the stream', () => {
    const big = soh(`8=FIX.4.4|9=99999999|35=0|10=000|`);
    const r = frameAll([big, heartbeat(2)], new FixFramer({ maxBodyLength: 4096 }));
    expect(codes(r)).toEqual(['MESSAGE_TOO_LARGE']);
    expect(r.messages).toEqual([text(heartbeat(2))]);
  });

  it('an incomplete message is held back, and reported as GARBLED when the stream ends', () => {
    const framer = new FixFramer();
    const half = heartbeat(2).subarray(0, 20);
    const r = frameAll([half], framer, false);
    expect(r.messages).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(framer.buffered).toBe(20);
    const ended = frameAll([], framer, true);
    expect(codes(ended)).toEqual(['GARBLED']);
    expect(ended.errors[0]!.message).toMatch(/incomplete message/);
    expect(framer.buffered).toBe(0);
  });

  it('CheckSum checking can be turned off', () => {
    const wrong = soh(text(heartbeat(2)).replace(/10=\d{3}\|$/, '10=256|'));
    expect(frameAll([wrong], new FixFramer({ validateChecksum: false })).messages).toHaveLength(1);
  });
});

describe('FixFramer: framing does not depend on how the stream is chunked', () => {
  const dict = loadFix44Dictionary();
  const enc = new FixEncoder();
  const defs = generatableMessages(dict);
  /** Valid messages of random dictionary types, with a Logon carrying SOH inside RawData now and then. */
  const message = fc.oneof(
    fc
      .constantFrom(...defs)
      .chain((def) => fc.tuple(fc.constant(def.msgType), headerFields, fieldsOf(dict, def, 0)))
      .map(([type, header, body]) => Buffer.from(enc.begin(type).fields(header).fields(body).finish())),
    fc
      .uint8Array({ maxLength: 40 })
      .map((raw) =>
        Buffer.from(
          enc
            .begin('A')
            .int(34, 1)
            .str(49, 'A')
            .str(52, T)
            .str(56, 'B')
            .data(95, 96, raw)
            .int(98, 0)
            .int(108, 30)
            .finish(),
        ),
      ),
  );
  const garbage = fc
    .uint8Array({ minLength: 1, maxLength: 30 })
    .map((g) => Buffer.from(g))
    .filter((g) => !g.toString('latin1').includes('8=FIX'));

  it('any split of valid messages yields the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages);
          const r = frameAll(
            splitAt(
              stream,
              cuts.map((c) => c % (stream.length + 1)),
            ),
          );
          expect(r.errors).toEqual([]);
          expect(r.messages).toEqual(messages.map(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with garbage between messages: the same messages and the same error reports for any split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(garbage, { nil: undefined }), message), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (parts, cuts) => {
          const stream = Buffer.concat(parts.flatMap(([g, m]) => (g ? [g, m] : [m])));
          const whole = frameAll([stream]);
          const split = frameAll(
            splitAt(
              stream,
              cuts.map((c) => c % (stream.length + 1)),
            ),
          );
          expect(whole.messages).toEqual(parts.map(([, m]) => text(m)));
          expect(split.messages).toEqual(whole.messages);
          expect(split.errors.map((e) => [e.code, text(e.bytes!)])).toEqual(
            whole.errors.map((e) => [e.code, text(e.bytes!)]),
          );
          const skipped = whole.errors.reduce((n, e) => n + e.bytes!.length, 0);
          expect(skipped).toBe(parts.reduce((n, [g]) => n + (g?.length ?? 0), 0));
        },
      ),
      { numRuns: 300 },
    );
  });
});
