import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type FixFieldList,
  FixFramer,
  FixSession,
  fixDataPath,
  MemoryMessageStore,
} from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { text } from '../helpers.js';
import { dictionary } from './harness.js';

/**
 * The QuickFIX FIX 4.4 session definitions played in process against a `FixSession` acceptor with
 * the conformance suite's reflector application — no socket: `iCONNECT` is `connected()`, the
 * session's `disconnect()` is `eDISCONNECT`, and virtual time moves on (a second at a time, up to
 * two minutes) while an expected message or disconnect has not come yet. Definitions with more than
 * one connection need the host (one session per CompID pair across connections) and are skipped.
 * This is not the conformance runner of the issue (that one goes over TCP to the host's acceptor).
 */
const DIR = fixDataPath('fix44', 'session-tests');
const FORMATS = new Map(
  readFileSync(`${DIR}/fields.fmt`, 'latin1')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [Number(l.slice(0, l.indexOf('='))), new RegExp(`^(${l.slice(l.indexOf('=') + 1)})`)]),
);
const HEADER = new Set([8, 9, 10, 34, 35, 43, 49, 50, 52, 56, 57, 97, 115, 116, 122, 128, 129, 144, 145]);
const COUNTERPARTIES = new Set(['TW', 'TW44', 'NO_CHECK_FIELDS_HAVE_VALUES']);

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

function fields(line: string): [number, string][] {
  return line
    .split('|')
    .filter((f) => f !== '')
    .map((f) => [Number(f.slice(0, f.indexOf('='))), f.slice(f.indexOf('=') + 1)]);
}

/**
 * What QuickFIX's runner does to an `I` line: BodyLength after BeginString when there is no `9=`
 * (counting up to a `10=` already there — 3b gives a wrong CheckSum on purpose), CheckSum appended
 * when there is no `10=`.
 */
function fill(line: string): Buffer {
  let body = line.endsWith('|') ? line : `${line}|`;
  const trailer = /(^|\|)(10=[^|]*\|)$/.exec(body);
  if (!/(^|\|)9=/.test(body)) {
    const first = body.indexOf('|') + 1;
    const rest = body.slice(first, trailer ? body.length - trailer[2]!.length : body.length);
    body = `${body.slice(0, first)}9=${Buffer.byteLength(rest, 'latin1')}|${body.slice(first)}`;
  }
  if (trailer) return Buffer.from(body.replaceAll('|', '\u0001'), 'latin1');
  const bytes = Buffer.from(body.replaceAll('|', '\u0001'), 'latin1');
  let sum = 0;
  for (const b of bytes) sum += b;
  return Buffer.from(`${body}10=${String(sum % 256).padStart(3, '0')}|`.replaceAll('|', '\u0001'), 'latin1');
}

/** Plays one definition; null when it passes, else the reason. */
function play(source: string): string | null {
  const clock = new FakeClock();
  const store = new MemoryMessageStore();
  const out: string[] = [];
  let disconnected = false;
  let session: FixSession | undefined;
  const seen = new Set<string>();
  const lines = source.split('\n').map((l) => l.replace(/\r$/, '').replaceAll('\u0001', '|'));
  const open = (target: string) => {
    const s: FixSession = new FixSession(
      {
        senderCompId: 'ISLD',
        targetCompId: target,
        role: 'acceptor',
        resetOnLogon: true,
        dictionary,
        validation: { checkFieldsHaveValues: target !== 'NO_CHECK_FIELDS_HAVE_VALUES' },
      },
      clock,
      store,
      {
        send: (b) => out.push(text(b)),
        disconnect: () => {
          disconnected = true;
          seen.clear();
        },
        onApplicationMessage: (view) => {
          const type = view.getString(35) ?? '';
          if (type === 'D' || type === 'd' || type === 'C') {
            const id = view.getString(11) ?? '';
            if (type === 'D' && view.getBoolean(97) === true && seen.has(id)) return;
            seen.add(id);
            const body: FixFieldList = [
              ...(view.getBoolean(97) === true ? [[97, 'Y'] as const] : []),
              ...view
                .toFieldList()
                .filter((f) => !HEADER.has(f[0]))
                .sort((a, b) => a[0] - b[0]),
            ];
            s.sendApplication(type, body);
          } else
            s.sendApplication('j', [
              [45, String(view.getInt(34))],
              [58, 'Unsupported Message Type'],
              [372, type],
              [380, '3'],
            ]);
        },
      },
    );
    return s;
  };
  let connectPending = false;
  let framer = new FixFramer();
  const waitFor = (done: () => boolean) => {
    for (let i = 0; i < 120 && !done(); i++) clock.advance(1000);
  };
  for (const raw of lines) {
    if (raw === '' || raw.startsWith('#')) continue;
    const line = raw.replace(/^([iIeE])\d+,/, '$1');
    if (line === 'iCONNECT') {
      connectPending = true;
      disconnected = false;
      continue;
    }
    if (line === 'eDISCONNECT') {
      waitFor(() => disconnected || out.length > 0);
      if (out.length > 0) return `expected disconnect, got ${out[0]}`;
      if (!disconnected) return 'expected disconnect';
      continue;
    }
    if (line.startsWith('I')) {
      const filled = line
        .slice(1)
        .replace(/<TIME([+-]\d+)?>/g, (_, n: string | undefined) =>
          stamp(clock.now() + Number(n ?? 0) * 1000),
        );
      if (connectPending) {
        const sender = fields(filled).find(([t]) => t === 49)?.[1] ?? '';
        // An unknown SenderCompID finds no session: TW44's then refuses the Logon.
        session = open(COUNTERPARTIES.has(sender) ? sender : 'TW44');
        session.connected();
        framer = new FixFramer();
        connectPending = false;
      }
      const s = session;
      framer.push(fill(filled), {
        message: (b, start, end) => s?.receive(b.subarray(start, end)),
        error: () => s?.garbled(),
      });
      continue;
    }
    if (line.startsWith('E')) {
      waitFor(() => out.length > 0 || disconnected);
      const got = out.shift();
      if (got === undefined)
        return `expected ${line.slice(1)}, got ${disconnected ? 'a disconnect' : 'nothing'}`;
      const want = fields(line.slice(1));
      let have = fields(got);
      if (!want.some(([t]) => t === 10)) have = have.filter(([t]) => t !== 10);
      if (!want.some(([t]) => t === 9)) have = have.filter(([t]) => t !== 9);
      const ok =
        want.length === have.length &&
        want.every(([t, v], i) => {
          const [ht, hv] = have[i]!;
          const f = FORMATS.get(t);
          return t === ht && (f ? f.test(hv) : v === hv);
        });
      if (!ok) return `expected ${line.slice(1)}\n  got ${got}`;
    }
  }
  return null;
}

describe('QuickFIX FIX 4.4 session definitions, in process', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.def'))
    .sort();
  const single = files.filter((f) => !/^i2,/m.test(readFileSync(`${DIR}/${f}`, 'latin1')));
  const results = single.map((f) => [f, play(readFileSync(`${DIR}/${f}`, 'latin1'))] as const);
  const passed = results.filter(([, r]) => r === null).map(([f]) => f);

  it('reports N passed, N failed (single-connection definitions)', () => {
    const failed = results.filter(([, r]) => r !== null);
    console.log(
      `${passed.length} passed, ${failed.length} failed, ${files.length - single.length} skipped (several connections)\n` +
        failed.map(([f, r]) => `  ${f}: ${r}`).join('\n'),
    );
    expect(files).toHaveLength(59);
  });

  for (const [file, result] of results)
    it(file, () => {
      expect(result).toBeNull();
    });
});
