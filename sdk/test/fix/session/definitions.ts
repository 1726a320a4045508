import { readdirSync, readFileSync } from 'node:fs';
import {
  type FixSessionDefinition,
  fixDataPath,
  MemoryMessageStore,
  reflectorApplication,
} from '../../../src/fix/index.js';

/**
 * The QuickFIX session definitions (.def files) and what their runner does with them, shared by the
 * in-process player and the TCP conformance runner.
 */
export const DEFINITIONS_DIR = fixDataPath('fix44', 'session-tests');

export function definitionFiles(): string[] {
  return readdirSync(DEFINITIONS_DIR)
    .filter((f) => f.endsWith('.def'))
    .sort();
}

export function readDefinition(file: string): string {
  return readFileSync(`${DEFINITIONS_DIR}/${file}`, 'latin1');
}

/** The counterparties the suite's acceptor (SenderCompID ISLD) is configured for. */
export const COUNTERPARTIES = ['TW', 'TW44', 'NO_CHECK_FIELDS_HAVE_VALUES'];

/** The suite's acceptor session for one counterparty: ResetOnLogon, the reflector application. */
export function suiteSession(target: string, application = reflectorApplication()): FixSessionDefinition {
  return {
    settings: {
      senderCompId: 'ISLD',
      targetCompId: target,
      resetOnLogon: true,
      validation: { checkFieldsHaveValues: target !== 'NO_CHECK_FIELDS_HAVE_VALUES' },
    },
    store: new MemoryMessageStore(),
    application,
  };
}

const FORMATS = new Map(
  readFileSync(`${DEFINITIONS_DIR}/fields.fmt`, 'latin1')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [Number(l.slice(0, l.indexOf('='))), new RegExp(`^(${l.slice(l.indexOf('=') + 1)})`)]),
);

export type Step =
  | { kind: 'connect'; conn: number }
  /** `iN,DISCONNECT`: the runner closes its connection. */
  | { kind: 'close'; conn: number }
  | { kind: 'send'; conn: number; line: string }
  | { kind: 'expect'; conn: number; line: string }
  | { kind: 'expectDisconnect'; conn: number };

/** A definition's lines as steps; fields separated by `|`, connection 1 when there is no `N,` prefix. */
export function steps(source: string): Step[] {
  const out: Step[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.replace(/\r$/, '').replaceAll('\u0001', '|');
    const m = /^([iIeE])(?:(\d+),)?(.*)$/.exec(line);
    if (!m) continue;
    const [, kind, n, rest = ''] = m;
    const conn = Number(n ?? 1);
    if (kind === 'i') out.push({ kind: rest === 'CONNECT' ? 'connect' : 'close', conn });
    else if (kind === 'e') out.push({ kind: 'expectDisconnect', conn });
    else out.push({ kind: kind === 'I' ? 'send' : 'expect', conn, line: rest });
  }
  return out;
}

/** Definitions that open more than one connection. */
export function usesSeveralConnections(source: string): boolean {
  return steps(source).some((s) => s.conn > 1);
}

export function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

/** `<TIME>` and `<TIME±N>` (seconds) as UTC timestamps at `now`. */
export function withTimes(line: string, now: number): string {
  return line.replace(/<TIME([+-]\d+)?>/g, (_, n: string | undefined) => stamp(now + Number(n ?? 0) * 1000));
}

export function fields(line: string): [number, string][] {
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
export function fill(line: string): Buffer {
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

/**
 * An `E` line against a message received (`|` for SOH): same tags in the same order, values equal or
 * matching fields.fmt; BodyLength and CheckSum compared only when the line has them.
 */
export function matches(expected: string, got: string): boolean {
  const want = fields(expected);
  let have = fields(got);
  if (!want.some(([t]) => t === 10)) have = have.filter(([t]) => t !== 10);
  if (!want.some(([t]) => t === 9)) have = have.filter(([t]) => t !== 9);
  return (
    want.length === have.length &&
    want.every(([t, v], i) => {
      const [ht, hv] = have[i]!;
      const f = FORMATS.get(t);
      return t === ht && (f ? f.test(hv) : v === hv);
    })
  );
}
