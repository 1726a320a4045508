import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { FixAcceptor, loadFix44Dictionary, MemoryMessageStore, reflectorApplication } from '@qmo/sdk/fix';

export const FIX_REFLECTOR_USAGE = `Usage: qmo fix-reflector --port <n> [--host <h>]

  Runs the FIX 4.4 acceptor of QuickFIX's session acceptance suite: SenderCompID ISLD, counterparties
  TW, TW44 and NO_CHECK_FIELDS_HAVE_VALUES (ResetOnLogon), the reflector application (NewOrderSingle,
  SecurityDefinition and Email echoed, anything else answered with a BusinessMessageReject). Point an
  acceptance test runner at it. Stops on SIGINT / SIGTERM.
`;

const COUNTERPARTIES = ['TW', 'TW44', 'NO_CHECK_FIELDS_HAVE_VALUES'];

/**
 * `qmo fix-reflector`: `args` are the words after the command, `port` the global --port flag. Resolves
 * to -1 while the acceptor runs (the process stays up), or an exit code.
 */
export async function runFixReflectorCommand(
  args: string[],
  port: string | undefined,
  io: { stdout: Writable; stderr: Writable },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(FIX_REFLECTOR_USAGE);
    return 0;
  }
  if (port === undefined) {
    io.stderr.write(`--port is required\n\n${FIX_REFLECTOR_USAGE}`);
    return 1;
  }
  const application = reflectorApplication();
  const acceptor = new FixAcceptor({
    dictionary: loadFix44Dictionary(),
    sessions: COUNTERPARTIES.map((target) => ({
      settings: {
        senderCompId: 'ISLD',
        targetCompId: target,
        resetOnLogon: true,
        validation: { checkFieldsHaveValues: target !== 'NO_CHECK_FIELDS_HAVE_VALUES' },
      },
      store: new MemoryMessageStore(),
      application,
    })),
  });
  const host = values.host ?? '0.0.0.0';
  const listening = await acceptor.listen(Number(port), host);
  io.stdout.write(`FIX reflector (SenderCompID ISLD) listening on ${host}:${listening.port}\n`);
  const shutdown = () => void acceptor.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return -1;
}
