import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FixAcceptor,
  FixEncoder,
  type FixFieldList,
  FixFramer,
  MemoryMessageStore,
  reflectorApplication,
} from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { fieldsOf, generatableMessages } from '../arbitraries.js';
import { text } from '../helpers.js';
import { dictionary } from '../session/harness.js';

/**
 * Mutational fuzzing of the acceptor over a socket: a counterparty FUZZ logs on and sends one message
 * of the dictionary, corrupted in one of several ways, then a probe NewOrderSingle; a second
 * counterparty GOOD stays logged on throughout and must keep being answered. Each corruption must get
 * the reaction the session rules prescribe for it.
 */
const clock = new FakeClock();
const encoder = new FixEncoder();
const probeBody: FixFieldList = [
  [11, 'PROBE'],
  [21, '1'],
  [55, 'MSFT'],
  [54, '1'],
  [60, '20260105-09:00:00'],
  [40, '1'],
];
const appMessages = generatableMessages(dictionary).filter((m) => m.category === 'app');

/** A raw counterparty: sends bytes, collects the frames the acceptor sends (`|` for SOH). */
class Peer {
  readonly received: string[] = [];
  closed = false;
  private readonly framer = new FixFramer();
  private constructor(
    readonly socket: Socket,
    readonly compId: string,
  ) {
    socket.on('data', (chunk: Buffer) =>
      this.framer.push(chunk, {
        message: (b, s, e) => this.received.push(text(b.subarray(s, e))),
        error: () => {},
      }),
    );
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
    });
  }
  static open(port: number, compId: string): Promise<Peer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new Peer(socket, compId)));
    });
  }
  send(bytes: Uint8Array): void {
    if (!this.closed) this.socket.write(bytes);
  }
  /** The next frame, or 'closed' (or 'nothing' after a bounded number of event-loop turns). */
  async next(): Promise<string> {
    for (let i = 0; i < 2000 && this.received.length === 0 && !this.closed; i++)
      await new Promise<void>((r) => (i < 50 ? setImmediate(r) : setTimeout(r, 1)));
    return this.received.shift() ?? (this.closed ? 'closed' : 'nothing');
  }
  message(type: string, seq: number, body: FixFieldList, header: FixFieldList = []): Buffer {
    return encoder
      .begin(type)
      .int(34, seq)
      .str(49, this.compId)
      .timestamp(52, clock.now())
      .str(56, 'ISLD')
      .fields(header)
      .fields(body)
      .finishCopy();
  }
  async logon(): Promise<string> {
    this.send(
      this.message('A', 1, [
        [98, '0'],
        [108, '30'],
        [141, 'Y'],
      ]),
    );
    return this.next();
  }
}

type Reaction =
  /** Dropped; `swallows`: a BodyLength too long takes the next message down with it (QuickFIX's framing). */
  | { kind: 'ignored'; swallows?: boolean }
  | { kind: 'answered' }
  | { kind: 'reject'; reason: number; refTags: readonly number[] }
  | { kind: 'logout' };

interface Case {
  name: string;
  bytes: (peer: Peer) => Buffer;
  reaction: Reaction;
}

const valid = fc
  .constantFrom(...appMessages)
  .chain((def) => fc.tuple(fc.constant(def), fieldsOf(dictionary, def, 0)));

const withRequired = fc.constantFrom(...appMessages.filter((m) => m.required.length > 0));

/** The frame with BodyLength and CheckSum computed again (after an edit of its fields). */
function refit(bytes: Buffer): Buffer {
  const t = bytes.toString('latin1');
  const body = t.slice(t.indexOf('\u000135=') + 1, t.lastIndexOf('10='));
  const head = `8=FIX.4.4\u00019=${Buffer.byteLength(body, 'latin1')}\u0001${body}`;
  let sum = 0;
  for (const c of Buffer.from(head, 'latin1')) sum += c;
  return Buffer.from(`${head}10=${String(sum % 256).padStart(3, '0')}\u0001`, 'latin1');
}

const corruption: fc.Arbitrary<Case> = fc.oneof(
  valid.map(([def, body]) => ({
    name: `valid ${def.msgType}`,
    bytes: (p: Peer) => p.message(def.msgType, 2, body),
    reaction: { kind: 'answered' } as Reaction,
  })),
  fc.tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([[def, body], at, value]) => ({
    name: `byte flipped in a ${def.msgType}`,
    bytes: (p: Peer) => {
      const b = p.message(def.msgType, 2, body);
      const start = b.indexOf('\u000135=') + 1;
      const i = start + (at % (b.lastIndexOf('10=') - start));
      b[i] = b[i] === value ? (value + 1) % 256 : value;
      return b;
    },
    reaction: { kind: 'ignored' } as Reaction,
  })),
  fc.tuple(valid, fc.nat(), fc.boolean()).map(([[def, body], at, insert]) => ({
    name: `byte ${insert ? 'inserted' : 'deleted'} in a ${def.msgType}`,
    bytes: (p: Peer) => {
      const b = p.message(def.msgType, 2, body);
      const start = b.indexOf('\u000135=') + 1;
      const i = start + (at % (b.lastIndexOf('10=') - start));
      return Buffer.concat([
        b.subarray(0, i),
        insert ? Buffer.from('x') : Buffer.alloc(0),
        b.subarray(insert ? i : i + 1),
      ]);
    },
    reaction: { kind: 'ignored', swallows: !insert } as Reaction,
  })),
  fc.tuple(valid, fc.integer({ min: 1, max: 20 })).map(([[def, body], less]) => ({
    name: `BodyLength ${less} too small in a ${def.msgType}`,
    bytes: (p: Peer) => {
      const t = p.message(def.msgType, 2, body).toString('latin1');
      const from = t.indexOf('\u00019=') + 3;
      const to = t.indexOf('\u0001', from);
      const length = Math.max(1, Number(t.slice(from, to)) - less);
      return Buffer.from(`${t.slice(0, from)}${length}${t.slice(to)}`, 'latin1');
    },
    reaction: { kind: 'ignored' } as Reaction,
  })),
  fc.tuple(valid, fc.integer({ min: 1, max: 255 })).map(([[def, body], delta]) => ({
    name: `wrong CheckSum in a ${def.msgType}`,
    bytes: (p: Peer) => {
      const t = p.message(def.msgType, 2, body).toString('latin1');
      const at = t.lastIndexOf('10=') + 3;
      const sum = String((Number(t.slice(at, at + 3)) + delta) % 256).padStart(3, '0');
      return Buffer.from(`${t.slice(0, at)}${sum}\u0001`, 'latin1');
    },
    reaction: { kind: 'ignored' } as Reaction,
  })),
  fc.tuple(fc.integer({ min: 10_000, max: 99_999 })).map(([tag]) => ({
    name: `unknown tag ${tag}`,
    bytes: (p: Peer) => p.message('D', 2, [...probeBody.slice(0, 1), [tag, 'x'], ...probeBody.slice(1)]),
    reaction: { kind: 'reject', reason: 0, refTags: [tag] } as Reaction,
  })),
  withRequired.map((def) => ({
    name: `required fields missing from a ${def.msgType}`,
    bytes: (p: Peer) => p.message(def.msgType, 2, []),
    reaction: { kind: 'reject', reason: 1, refTags: def.required } as Reaction,
  })),
  fc.constant({
    name: 'wrong SenderCompID',
    bytes: (p: Peer) =>
      refit(
        Buffer.from(
          p
            .message('D', 2, probeBody)
            .toString('latin1')
            .replace('\u000149=FUZZ\u0001', '\u000149=ZZUF\u0001'),
          'latin1',
        ),
      ),
    reaction: { kind: 'logout' } as Reaction,
  }),
  fc.constant({
    name: 'MsgSeqNum too low',
    bytes: (p: Peer) => p.message('D', 1, probeBody),
    reaction: { kind: 'logout' } as Reaction,
  }),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .filter((g) => !Buffer.from(g).toString('latin1').includes('8='))
    .map((garbage) => ({
      name: `${garbage.length} bytes of garbage before a NewOrderSingle`,
      bytes: (p: Peer) => Buffer.concat([Buffer.from(garbage), p.message('D', 2, probeBody)]),
      reaction: { kind: 'answered' } as Reaction,
    })),
);

describe('mutational fuzzing of the acceptor over a socket', () => {
  let acceptor: FixAcceptor;
  let port = 0;
  let good: Peer;
  let goodSeq = 1;
  const session = (target: string) => ({
    settings: { senderCompId: 'ISLD', targetCompId: target, resetOnLogon: true },
    store: new MemoryMessageStore(),
    application: reflectorApplication(),
  });

  beforeAll(async () => {
    acceptor = new FixAcceptor({ dictionary, clock, sessions: [session('FUZZ'), session('GOOD')] });
    port = (await acceptor.listen(0, '127.0.0.1')).port;
    good = await Peer.open(port, 'GOOD');
    expect(await good.logon()).toContain('|35=A|');
  });
  afterAll(async () => {
    good.socket.destroy();
    await acceptor.close();
  });

  /** The healthy session still answers a NewOrderSingle. */
  async function goodStillWorks(): Promise<void> {
    goodSeq++;
    good.send(good.message('D', goodSeq, probeBody));
    expect(await good.next()).toMatch(/\|35=D\|.*\|11=PROBE\|/);
  }

  async function fuzzDisconnected(): Promise<void> {
    for (let i = 0; i < 2000 && acceptor.sessions.get('FIX.4.4:ISLD->FUZZ')?.state !== 'disconnected'; i++)
      await new Promise<void>((r) => setTimeout(r, 1));
  }

  it('reacts to each corruption as the session rules say, and the other session is unaffected', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(corruption, async (c) => {
        const kind = c.reaction.kind;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        const peer = await Peer.open(port, 'FUZZ');
        try {
          expect(await peer.logon()).toContain('|35=A|');
          peer.send(c.bytes(peer));
          const r = c.reaction;
          if (r.kind === 'logout') {
            let got = await peer.next();
            if (got.includes('|35=3|')) got = await peer.next();
            expect(got, c.name).toContain('|35=5|');
            // A session that logged out waits for our Logout; one that found the sequence broken is gone.
            peer.send(peer.message('5', 3, []));
            expect(await peer.next(), c.name).toBe('closed');
          } else {
            if (r.kind === 'answered') {
              const got = await peer.next();
              expect(got, c.name).toMatch(/\|35=(D|d|C|j)\|/);
            } else if (r.kind === 'reject') {
              const got = await peer.next();
              expect(got, c.name).toContain('|35=3|');
              expect(got, c.name).toContain(`|373=${r.reason}|`);
              expect(r.refTags, c.name).toContain(Number(/\|371=(\d+)\|/.exec(got)?.[1]));
            }
            if (r.kind === 'ignored' && r.swallows) peer.send(peer.message('D', 2, probeBody));
            // The corrupted message took MsgSeqNum 2 unless it was ignored.
            peer.send(peer.message('D', r.kind === 'ignored' ? 2 : 3, probeBody));
            expect(await peer.next(), c.name).toMatch(/\|35=D\|.*\|11=PROBE\|/);
          }
        } finally {
          peer.socket.destroy();
          await fuzzDisconnected();
        }
        await goodStillWorks();
      }),
      { seed: 20260105, numRuns: 120 },
    );
    expect([...seen.keys()].sort()).toEqual(['answered', 'ignored', 'logout', 'reject']);
  }, 60_000);

  it('a logon storm from many sockets leaves the logged-on session alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('GOOD', 'FUZZ', 'NOBODY', 'ISLD'), { minLength: 5, maxLength: 30 }),
        async (compIds) => {
          const peers = await Promise.all(compIds.map((id) => Peer.open(port, id)));
          for (const p of peers) {
            p.send(
              p.message('A', 1, [
                [98, '0'],
                [108, '30'],
                [141, 'Y'],
              ]),
            );
            p.send(
              p.message('A', 1, [
                [98, '0'],
                [108, '30'],
                [141, 'Y'],
              ]),
            );
          }
          const answers = await Promise.all(peers.map((p) => p.next()));
          // GOOD is taken; at most one FUZZ connection gets in; anyone else is closed unanswered.
          peers.forEach((p, i) => {
            if (p.compId !== 'FUZZ') expect(answers[i]).toBe('closed');
          });
          expect(answers.filter((a) => a.includes('|35=A|')).length).toBeLessThanOrEqual(1);
          for (const p of peers) p.socket.destroy();
          await fuzzDisconnected();
          await goodStillWorks();
        },
      ),
      { seed: 7, numRuns: 10 },
    );
  }, 60_000);
});
