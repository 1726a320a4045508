import { describe, expect, it } from 'vitest';
import { FixFramer, FixSession, MemoryMessageStore, reflectorApplication } from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { text } from '../helpers.js';
import {
  COUNTERPARTIES,
  definitionFiles,
  fields,
  fill,
  matches,
  readDefinition,
  steps,
  usesSeveralConnections,
  withTimes,
} from './definitions.js';
import { dictionary } from './harness.js';

/**
 * The QuickFIX FIX 4.4 session definitions played in process against a `FixSession` acceptor with
 * the conformance suite's reflector application — no socket: `iCONNECT` is `connected()`, the
 * session's `disconnect()` is `eDISCONNECT`, and virtual time moves on (a second at a time, up to
 * two minutes) while an expected message or disconnect has not come yet. Definitions with more than
 * one connection need the acceptor (one session per CompID pair across connections) and are played
 * by the TCP runner (conformance.test.ts) only.
 */
function play(source: string): string | null {
  const clock = new FakeClock();
  const store = new MemoryMessageStore();
  const application = reflectorApplication();
  const out: string[] = [];
  let disconnected = false;
  let session: FixSession | undefined;
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
        },
        onApplicationMessage: (view) => application.onMessage(view, s),
        onLogout: () => application.onLogout?.(s),
      },
    );
    return s;
  };
  let connectPending = false;
  let framer = new FixFramer();
  const waitFor = (done: () => boolean) => {
    for (let i = 0; i < 120 && !done(); i++) clock.advance(1000);
  };
  for (const step of steps(source)) {
    if (step.kind === 'connect') {
      connectPending = true;
      disconnected = false;
    } else if (step.kind === 'expectDisconnect') {
      waitFor(() => disconnected || out.length > 0);
      if (out.length > 0) return `expected disconnect, got ${out[0]}`;
      if (!disconnected) return 'expected disconnect';
    } else if (step.kind === 'send') {
      const filled = withTimes(step.line, clock.now());
      if (connectPending) {
        const sender = fields(filled).find(([t]) => t === 49)?.[1] ?? '';
        // An unknown SenderCompID finds no session: TW44's then refuses the Logon.
        session = open(COUNTERPARTIES.includes(sender) ? sender : 'TW44');
        session.connected();
        framer = new FixFramer();
        connectPending = false;
      }
      const s = session;
      framer.push(fill(filled), {
        message: (b, start, end) => s?.receive(b.subarray(start, end)),
        error: () => s?.garbled(),
      });
    } else if (step.kind === 'expect') {
      waitFor(() => out.length > 0 || disconnected);
      const got = out.shift();
      if (got === undefined) return `expected ${step.line}, got ${disconnected ? 'a disconnect' : 'nothing'}`;
      if (!matches(step.line, got)) return `expected ${step.line}\n  got ${got}`;
    }
  }
  return null;
}

describe('QuickFIX FIX 4.4 session definitions, in process', () => {
  const files = definitionFiles();
  const single = files.filter((f) => !usesSeveralConnections(readDefinition(f)));
  const results = single.map((f) => [f, play(readDefinition(f))] as const);
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
