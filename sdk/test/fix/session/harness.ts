import {
  type FixFieldList,
  FixParser,
  FixSession,
  type FixSessionSettings,
  loadFix44Dictionary,
  MemoryMessageStore,
} from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { msg, text } from '../helpers.js';

export const dictionary = loadFix44Dictionary();

/** Tags whose values are matched by pattern, as QuickFIX's fields.fmt says. */
const FORMATS: Record<number, RegExp> = {
  10: /^\d{3}$/,
  42: /^\d{8}-\d{2}:\d{2}:\d{2}$/,
  52: /^\d{8}-\d{2}:\d{2}:\d{2}([.]\d{3})?$/,
  60: /^\d{8}-\d{2}:\d{2}:\d{2}$/,
  122: /^\d{8}-\d{2}:\d{2}:\d{2}([.]\d{3})?$/,
};

const HEADER_TAGS = new Set([8, 9, 10, 34, 35, 43, 49, 52, 56, 97, 122]);

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-05T09:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

/**
 * A session under test, driven with the .def files' notation: `I` lines go in (with `<TIME±N>`,
 * BodyLength and CheckSum filled in), `E` lines are compared field by field with what came out.
 * The application is the conformance suite's reflector for NewOrderSingle.
 */
export class Harness {
  readonly clock = new FakeClock();
  readonly store = new MemoryMessageStore();
  readonly out: string[] = [];
  disconnects = 0;
  readonly apps: FixFieldList[] = [];
  /** Session-level Rejects passed to the application, with the next target MsgSeqNum at the time. */
  readonly rejects: { fields: FixFieldList; nextTarget: number }[] = [];
  readonly session: FixSession;
  private readonly parser = new FixParser({ dictionary });

  constructor(settings: Partial<FixSessionSettings> = {}) {
    this.session = new FixSession(
      {
        senderCompId: 'ISLD',
        targetCompId: 'TW44',
        role: 'acceptor',
        resetOnLogon: true,
        dictionary,
        ...settings,
      },
      this.clock,
      this.store,
      {
        send: (bytes) => this.out.push(text(bytes)),
        disconnect: () => this.disconnects++,
        onSessionReject: (view) => {
          this.rejects.push({ fields: view.toFieldList(), nextTarget: this.store.nextTargetSeqNum() });
        },
        onApplicationMessage: (view) => {
          const fields = view.toFieldList();
          this.apps.push(fields);
          if (view.getString(35) === 'D')
            this.session.sendApplication(
              'D',
              fields.filter((f) => !HEADER_TAGS.has(f[0])),
            );
        },
      },
    );
    this.session.connected();
  }

  /** An `I` line (fields separated by `|`). */
  in(line: string): void {
    const filled = line.replace(/<TIME([+-]\d+)?>/g, (_, shift: string | undefined) =>
      stamp(this.clock.now() + (shift ? Number(shift) * 1000 : 0)),
    );
    this.session.receive(msg(filled));
  }

  /** Takes the next message sent and compares it with an `E` line. */
  expect(line: string): void {
    const got = this.out.shift();
    if (got === undefined) throw new Error(`nothing sent, expected ${line}`);
    const actual = this.fields(got);
    const wanted = line
      .split('|')
      .filter((f) => f !== '')
      .map((f) => {
        const eq = f.indexOf('=');
        return [Number(f.slice(0, eq)), f.slice(eq + 1)] as const;
      });
    const problem = () => new Error(`expected ${line}\n     got ${got}`);
    if (actual.length !== wanted.length) throw problem();
    for (let i = 0; i < wanted.length; i++) {
      const [tag, value] = wanted[i]!;
      const [aTag, aValue] = actual[i]!;
      if (tag !== aTag) throw problem();
      const format = FORMATS[tag];
      if (format ? !format.test(aValue) : aValue !== value) throw problem();
    }
  }

  /** Nothing more was sent. */
  expectNothing(): void {
    if (this.out.length > 0) throw new Error(`unexpected ${this.out.join('\n')}`);
  }

  private fields(line: string): [number, string][] {
    return line
      .split('|')
      .filter((f) => f !== '')
      .map((f) => {
        const eq = f.indexOf('=');
        return [Number(f.slice(0, eq)), f.slice(eq + 1)];
      });
  }

  /** Parses a sent message with the codec (checks it is well formed). */
  parseSent(line: string) {
    const bytes = Buffer.from(line.replaceAll('|', '\u0001'), 'latin1');
    return this.parser.parse(bytes, 0, bytes.length, true);
  }
}

export const LOGON_IN = '8=FIX.4.4|35=A|34=1|49=TW44|52=<TIME>|56=ISLD|98=0|108=30|';
export const LOGON_OUT =
  '8=FIX.4.4|9=63|35=A|34=1|49=ISLD|52=00000000-00:00:00.000|56=TW44|98=0|108=30|10=0|';
