import { z } from 'zod';

const tlsFiles = z
  .object({
    caFile: z.string().min(1).optional().describe('PEM file of the certificate authorities to trust'),
    certFile: z.string().min(1).optional().describe('PEM file of our client certificate'),
    keyFile: z.string().min(1).optional().describe('PEM file of the key of our client certificate'),
  })
  .strict();

export const venueFixConfigSchema = z
  .object({
    venue: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
      .default('fix')
      .describe('Venue id the engine routes orders by'),
    host: z.string().min(1).describe('Host name or address of the venue’s FIX acceptor'),
    port: z.number().int().min(1).max(65_535).describe('TCP port of the venue’s FIX acceptor'),
    senderCompId: z.string().min(1).describe('Our SenderCompID (49)'),
    targetCompId: z.string().min(1).describe('The venue’s CompID (56)'),
    heartBtInt: z.number().int().min(1).max(3600).default(30).describe('HeartBtInt (108), seconds'),
    resetOnLogon: z
      .boolean()
      .default(false)
      .describe('Logon with ResetSeqNumFlag (141=Y): both sides start again from sequence number 1'),
    tls: z
      .union([z.boolean(), tlsFiles])
      .default(false)
      .describe('TLS: true for the system trust store, or PEM files (caFile, certFile, keyFile)'),
    symbols: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe('Instrument id → venue symbol (55); instruments without one use their own symbol'),
    instruments: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Instrument ids traded (default: those with a symbol for this venue, or all when none has one)',
      ),
    account: z.string().min(1).optional().describe('Account (1) sent on every order message'),
    maxOrdersPerSecond: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        'Orders, cancels and replaces sent per second at most; more wait in a queue, in order (default: no limit)',
      ),
    reconnect: z
      .object({
        initialDelayMs: z
          .number()
          .int()
          .min(10)
          .max(3_600_000)
          .default(1000)
          .describe('Wait before the first reconnection'),
        maxDelayMs: z
          .number()
          .int()
          .min(10)
          .max(3_600_000)
          .default(30_000)
          .describe('Longest wait between reconnections (the wait doubles up to it)'),
      })
      .strict()
      .prefault({})
      .describe('Reconnection backoff'),
    storeDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder of the persistent message store (sequence numbers and sent messages), relative to the plugin data folder; default: <plugin data folder>/fix',
      ),
  })
  .strict()
  .refine((c) => c.reconnect.initialDelayMs <= c.reconnect.maxDelayMs, {
    message: 'reconnect.initialDelayMs must not exceed reconnect.maxDelayMs',
    path: ['reconnect'],
  });

export type VenueFixConfig = z.output<typeof venueFixConfigSchema>;
export type VenueFixConfigInput = z.input<typeof venueFixConfigSchema>;
export type VenueFixTls = VenueFixConfig['tls'];
