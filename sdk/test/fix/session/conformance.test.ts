import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { FixAcceptor, FixFramer } from '../../../src/fix/index.js';
import { FakeClock } from '../../../src/testing/index.js';
import { text } from '../helpers.js';
import {
  COUNTERPARTIES,
  definitionFiles,
  fill,
  matches,
  readDefinition,
  steps,
  suiteSession,
  withTimes,
} from './definitions.js';
import { dictionary } from './harness.js';

/**
 * The QuickFIX FIX 4.4 session definitions over real sockets against a `FixAcceptor` (SenderCompID
 * ISLD, the suite's three counterparties, ResetOnLogon) running the reflector application. The
 * acceptor's clock is virtual: while an expected message or disconnect has not come and both ends
 * have nothing left to do, the runner moves it a second on (up to two minutes), so the heartbeat and
 * test request definitions take no real time.
 */

/** One runner connection: the frames it received (`|` for SOH) and whether the acceptor closed it. */
class Client {
  readonly received: string[] = [];
  closed = false;
  private readonly framer = new FixFramer();

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) =>
      this.framer.push(chunk, {
        message: (b, start, end) => this.received.push(text(b.subarray(start, end))),
        error: (e) => this.received.push(`<not a message: ${e.message}>`),
      }),
    );
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new Client(socket)));
    });
  }

  write(bytes: Buffer): Promise<void> {
    if (this.closed || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }
}

/** Lets both ends of every loopback socket read and answer what was written (event loop turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function play(source: string): Promise<string | null> {
  const clock = new FakeClock();
  const acceptor = new FixAcceptor({
    dictionary,
    clock,
    sessions: COUNTERPARTIES.map((target) => suiteSession(target)),
  });
  const { port } = await acceptor.listen(0, '127.0.0.1');
  const clients = new Map<number, Client>();
  const waitFor = async (done: () => boolean) => {
    for (let i = 0; i < 120; i++) {
      await settle();
      if (done()) return;
      clock.advance(1000);
    }
  };
  try {
    for (const step of steps(source)) {
      const client = clients.get(step.conn);
      if (step.kind === 'connect') {
        clients.set(step.conn, await Client.open(port));
        continue;
      }
      if (!client) return `connection ${step.conn} used before CONNECT`;
      if (step.kind === 'close') {
        client.socket.destroy();
        await settle();
      } else if (step.kind === 'send') {
        await client.write(fill(withTimes(step.line, clock.now())));
      } else if (step.kind === 'expectDisconnect') {
        await waitFor(() => client.closed || client.received.length > 0);
        if (client.received.length > 0) return `expected disconnect, got ${client.received[0]}`;
        if (!client.closed) return 'expected disconnect';
      } else {
        await waitFor(() => client.closed || client.received.length > 0);
        const got = client.received.shift();
        if (got === undefined)
          return `expected ${step.line}, got ${client.closed ? 'a disconnect' : 'nothing'}`;
        if (!matches(step.line, got)) return `expected ${step.line}\n  got ${got}`;
      }
    }
    return null;
  } finally {
    for (const client of clients.values()) client.socket.destroy();
    await acceptor.close();
  }
}

describe('QuickFIX FIX 4.4 session definitions over TCP', () => {
  const files = definitionFiles();
  const results = new Map<string, string | null>();

  afterAll(() => {
    const failed = [...results].filter(([, r]) => r !== null);
    console.log(
      `${results.size - failed.length} passed, ${failed.length} failed\n` +
        failed.map(([f, r]) => `  ${f}: ${r}`).join('\n'),
    );
  });

  it('has the 59 definitions', () => {
    expect(files).toHaveLength(59);
  });

  for (const file of files)
    it(file, async () => {
      const result = await play(readDefinition(file));
      results.set(file, result);
      expect(result).toBeNull();
    });
});
