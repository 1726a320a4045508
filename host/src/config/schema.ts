import { z } from 'zod';

const color = z
  .string()
  .regex(/^(#[0-9a-fA-F]{3,8}|rgba?\([^)]*\)|hsla?\([^)]*\)|[a-z]+)$/, 'must be a CSS colour');

export const brandingSchema = z
  .object({
    productName: z.string().min(1).default('QMO'),
    /** URL or path of the logo shown in the header (served by the deployment). */
    logoUrl: z.string().min(1).nullable().default(null),
    /** CSS colours exposed to the UI as --qmo-<key>: primary, background, surface, text, muted, up, down, accent… */
    colors: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'colour keys are kebab-case'), color).default({}),
  })
  .strict();

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'must be HH:MM:SS');
const weekDay = z
  .string()
  .regex(
    /^(sun|mon|tue|wed|thu|fri|sat)[a-z]*$/i,
    'must be a day of the week (Sunday … Saturday, or its first three letters)',
  );

/** One FIX session the acceptor serves: our CompID, the client's, and the QMO user it trades as. */
export const fixSessionConfigSchema = z
  .object({
    /** Our SenderCompID (49 on what we send). */
    senderCompId: z.string().min(1),
    /** The client's CompID (56 on what we send). */
    targetCompId: z.string().min(1),
    /** E-mail of the QMO user the session trades as: its role and account grants apply, its id is the audit actor. */
    user: z.string().min(1),
    /** Accounts the session may trade (each must be granted to the user); default: every account the user may trade. */
    accounts: z.array(z.string().min(1)).min(1).optional(),
    /** Seconds; the client's Logon value is used when it sends one. */
    heartBtInt: z.number().int().min(1).optional(),
    resetOnLogon: z.boolean().optional(),
    resetOnLogout: z.boolean().optional(),
    resetOnDisconnect: z.boolean().optional(),
    /** Outside it logons are refused and a logged-on session is logged out; a new period starts at sequence 1. */
    schedule: z
      .object({
        startTime: timeOfDay,
        endTime: timeOfDay,
        startDay: weekDay.optional(),
        endDay: weekDay.optional(),
        /** IANA time zone of the times (default UTC). */
        timeZone: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const fixAcceptorConfigSchema = z
  .object({
    /** 0: any free port (the host reports the one it got). */
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1).default('127.0.0.1'),
    /** FIX over TLS; files relative to the configuration file. */
    tls: z
      .object({
        keyFile: z.string().min(1),
        certFile: z.string().min(1),
        /** CA bundle the client certificates are checked against. */
        caFile: z.string().min(1).optional(),
        /** Ask clients for a certificate and refuse those the CA did not sign. */
        requestClientCert: z.boolean().default(false),
      })
      .strict()
      .optional(),
    sessions: z
      .array(fixSessionConfigSchema)
      .min(1)
      .superRefine((sessions, ctx) => {
        const seen = new Set<string>();
        sessions.forEach((session, index) => {
          const id = `${session.senderCompId}->${session.targetCompId}`;
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `session ${id} twice` });
          seen.add(id);
        });
      }),
  })
  .strict();

export const configSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8000),
    host: z.string().min(1).default('0.0.0.0'),
    /** Folder of the embedded database and other state; relative to the configuration file. */
    dataDir: z.string().min(1).default('.qmo-data'),
    /** postgres://… to use a PostgreSQL server instead of the embedded PGlite. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    plugins: z
      .object({
        /** Folders whose sub-folders are plugin packages. */
        search: z.array(z.string().min(1)).default(['./plugins']),
        /** Explicit plugin packages: paths or installed package names. */
        load: z.array(z.string().min(1)).default([]),
        /** Plugin ids not to load. */
        disabled: z.array(z.string().min(1)).default([]),
        /** Configuration of each plugin, by plugin id; validated by the plugin's own schema. */
        config: z.record(z.string(), z.unknown()).default({}),
        /** Faults after which a running plugin is quarantined. */
        faultThreshold: z.number().int().positive().default(5),
      })
      .strict()
      .default({ search: ['./plugins'], load: [], disabled: [], config: {}, faultThreshold: 5 }),
    marketData: z
      .object({
        /** Ordered sources per instrument id, best first; "*" is the default order. */
        sources: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({ '*': ['demo'] }),
        staleAfterMs: z.number().int().positive().default(5_000),
        failbackAfterMs: z.number().int().nonnegative().default(15_000),
        /** Days of 1-minute history fetched from a feed when an instrument has none stored. */
        backfillDays: z.number().int().min(0).max(365).default(30),
        /** Price levels per side sent to stream clients. */
        bookDepth: z.number().int().min(1).max(200).default(15),
        /** Minimum interval between book updates sent to a stream client, per instrument. */
        bookThrottleMs: z.number().int().min(0).default(100),
      })
      .strict()
      .default({
        sources: { '*': ['demo'] },
        staleAfterMs: 5_000,
        failbackAfterMs: 15_000,
        backfillDays: 30,
        bookDepth: 15,
        bookThrottleMs: 100,
      }),
    branding: brandingSchema.default({ productName: 'QMO', logoUrl: null, colors: {} }),
    trading: z
      .object({
        /** Venue of instruments not listed in `venues`. */
        defaultVenue: z.string().min(1).default('sim'),
        /** Venue per instrument id. */
        venues: z.record(z.string(), z.string().min(1)).default({}),
        /** Risk rule ids in the order they run; unlisted rules run after, by id. */
        riskRuleOrder: z.array(z.string().min(1)).default([]),
        /** Desks created at start when missing. */
        desks: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()).default([]),
        /** Accounts created at start when missing. */
        accounts: z
          .array(
            z
              .object({
                id: z.string().min(1),
                name: z.string().min(1),
                desk: z.string().min(1),
                currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
                startingEquity: z.string().regex(/^\d+(\.\d+)?$/, 'must be an exact decimal string'),
              })
              .strict(),
          )
          .default([]),
        /** Risk limits set at start when none are stored: account id (or "*") → rule id → limits. */
        limits: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).default({}),
      })
      .strict()
      .default({ defaultVenue: 'sim', venues: {}, riskRuleOrder: [], desks: [], accounts: [], limits: {} }),
    replay: z
      .object({
        /** Venue plugin each paper session of bar replay runs its own instance of (on replay time). */
        venue: z.string().min(1).default('venue-sim'),
        /** Replay paper sessions one user may hold at once. */
        maxSessionsPerUser: z.number().int().min(1).max(100).default(3),
        /** A session not used for this many minutes is ended. */
        idleMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(30),
        /** Paper cash of a session that names none. */
        startingCash: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'must be an exact decimal string')
          .default('100000'),
      })
      .strict()
      .default({ venue: 'venue-sim', maxSessionsPerUser: 3, idleMinutes: 30, startingCash: '100000' }),
    auth: z
      .object({
        /** The URL browsers use (behind a proxy); default: this machine on the listening port. */
        publicUrl: z.string().url().optional(),
        /** Other origins allowed to sign in (a UI served from elsewhere). */
        trustedOrigins: z.array(z.string().url()).default([]),
        /** Let anyone create a viewer account (default: only admins create users). */
        allowSignUp: z.boolean().default(false),
      })
      .strict()
      .default({ trustedOrigins: [], allowSignUp: false }),
    fix: z
      .object({
        /** The FIX 4.4 acceptor buy-side clients connect to; none when absent. */
        acceptor: fixAcceptorConfigSchema.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type QmoConfig = z.infer<typeof configSchema>;
export type QmoConfigInput = z.input<typeof configSchema>;
export type Branding = z.infer<typeof brandingSchema>;
export type FixAcceptorConfig = z.infer<typeof fixAcceptorConfigSchema>;
export type FixSessionConfig = z.infer<typeof fixSessionConfigSchema>;

/** Typed helper for `qmo.config.ts`. */
export function defineConfig(config: QmoConfigInput): QmoConfigInput {
  return config;
}
