import type { Logger } from '@qmo/sdk';
import { type Logger as PinoLogger, pino } from 'pino';

/** pino (JSON lines on stdout) behind the SDK's Logger surface. */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
): { logger: Logger; pino: PinoLogger } {
  const base = destination ? pino({ level }, destination) : pino({ level });
  return { logger: adapt(base), pino: base };
}

function adapt(p: PinoLogger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => adapt(p.child(bindings)),
  };
}
