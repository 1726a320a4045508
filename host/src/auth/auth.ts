import type { Logger } from '@qmo/sdk';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { createAuthMiddleware, getIP, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { authTables } from '../db/auth-schema.js';
import type { QmoDatabase } from '../db/database.js';
import { ApiKeyStore } from './api-keys.js';
import { ANONYMOUS_ACTOR, type AuthEvent, type AuthEventSink } from './events.js';
import { DEFAULT_ROLE } from './roles.js';
import { UserDirectory } from './users.js';

/** better-auth's dynamic base URL: taken from the request's host when it is one of `allowedHosts`. */
export interface DynamicBaseURL {
  /** Host names with optional port, wildcards allowed: `"127.0.0.1:*"`, `"*.example.com"`. */
  allowedHosts: string[];
  /** Used when the request's host is missing or not allowed. */
  fallback?: string;
  protocol?: 'http' | 'https' | 'auto';
}

/** Host names a host started without a public URL is reached by: this machine, on any port. */
export const LOCAL_HOSTS = ['localhost:*', '127.0.0.1:*', '[::1]:*'];

/**
 * The `baseURL` for `createAuth` from the host's settings: the public URL when one is configured
 * (`https://trading.example.com`, what browsers see behind a proxy), else a dynamic one that
 * accepts this machine's names on any port (the real port is known only after listen) plus
 * `extraHosts` (`"10.0.0.5:8000"`, `"*.desk.local:*"`).
 */
export function hostBaseURL(publicUrl?: string, extraHosts: string[] = []): string | DynamicBaseURL {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return { allowedHosts: [...LOCAL_HOSTS, ...extraHosts], protocol: 'http' };
}

export interface CreateAuthOptions {
  db: QmoDatabase;
  /** Where the host is reached, with its real port (`http://127.0.0.1:8000`), or a dynamic config. */
  baseURL: string | DynamicBaseURL;
  /** Origins allowed to POST to `/api/auth/*` besides the base URL's own (better-auth checks `Origin`). */
  trustedOrigins?: string[];
  /** Signs session cookies: see `resolveAuthSecret`. */
  secret: string;
  /** Audit sink for sign-ins, sign-outs and user administration. */
  onAuthEvent?: AuthEventSink;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** Let anyone create a `viewer` account with `POST /api/auth/sign-up/email` (default: off, admins create users). */
  allowSignUp?: boolean;
  /** Session lifetime (default 7 days), renewed once a day while in use. */
  sessionExpiresInSeconds?: number;
}

const SIGN_IN_PATH = '/sign-in/email';
const SIGN_UP_PATH = '/sign-up/email';
const SIGN_OUT_PATH = '/sign-out';

function buildBetterAuth(options: CreateAuthOptions, emit: (event: AuthEvent) => Promise<void>) {
  const logger = options.logger;
  return betterAuth({
    appName: 'QMO',
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [],
    database: drizzleAdapter(options.db, { provider: 'pg', schema: authTables }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: !options.allowSignUp,
      minPasswordLength: 8,
      maxPasswordLength: 128,
    },
    user: {
      additionalFields: {
        // input: false — neither sign-up nor update-user may set it; only the admin functions do.
        role: { type: 'string', required: true, defaultValue: DEFAULT_ROLE, input: false },
      },
    },
    session: {
      expiresIn: options.sessionExpiresInSeconds ?? 7 * 24 * 3600,
      updateAge: 24 * 3600,
    },
    advanced: {
      cookiePrefix: 'qmo',
      database: { generateId: () => crypto.randomUUID() },
    },
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message, ...args) => {
        const fields = args.length > 0 ? { args: args.map(String) } : undefined;
        if (!logger) return;
        if (level === 'error') logger.error(`auth: ${message}`, fields);
        else if (level === 'warn') logger.warn(`auth: ${message}`, fields);
        else logger.debug(`auth: ${message}`, fields);
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_OUT_PATH) return;
        const current = await getSessionFromCtx(ctx, { disableRefresh: true }).catch(() => null);
        if (current) {
          await emit({
            action: 'auth.signout',
            actor: current.user.id,
            subject: current.user.id,
            payload: { email: current.user.email, sessionId: current.session.id },
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH && ctx.path !== SIGN_UP_PATH) return;
        const request =
          ctx.request ??
          (ctx.headers ? new Request('http://qmo.invalid', { headers: ctx.headers }) : undefined);
        const client = {
          ip: request ? (getIP(request, ctx.context.options) ?? null) : null,
          userAgent: ctx.headers?.get('user-agent') ?? null,
        };
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email.toLowerCase() : '';
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (ctx.path === SIGN_IN_PATH) {
            await emit({
              action: 'auth.signin.failed',
              actor: ANONYMOUS_ACTOR,
              subject: email,
              payload: { email, reason: returned.body?.code ?? returned.status, ...client },
            });
          }
          return;
        }
        const created = ctx.context.newSession;
        if (!created) return;
        const { user, session } = created;
        if (ctx.path === SIGN_UP_PATH) {
          await emit({
            action: 'auth.user.created',
            actor: user.id,
            subject: user.id,
            payload: { email: user.email, name: user.name, role: DEFAULT_ROLE, via: 'sign-up' },
          });
        }
        await emit({
          action: 'auth.signin',
          actor: user.id,
          subject: user.id,
          payload: { email: user.email, sessionId: session.id, ...client },
        });
      }),
    },
  });
}

export type BetterAuthInstance = ReturnType<typeof buildBetterAuth>;

/** The host's authentication: better-auth (sessions, passwords) plus QMO's users, grants and API keys. */
export interface QmoAuth {
  readonly betterAuth: BetterAuthInstance;
  readonly db: QmoDatabase;
  readonly users: UserDirectory;
  readonly apiKeys: ApiKeyStore;
  /** better-auth's HTTP handler for `/api/auth/*`. */
  handler(request: Request): Promise<Response>;
  /** Sends an event to `onAuthEvent` (awaited; its errors propagate). */
  emit(event: AuthEvent): Promise<void>;
}

/**
 * Sets up better-auth on the host's database (PGlite or PostgreSQL, through drizzle): e-mail +
 * password sign-in, session cookies (`qmo.session_token`), a `role` on each user, and the
 * `onAuthEvent` audit hook for sign-in, failed sign-in and sign-out.
 */
export function createAuth(options: CreateAuthOptions): QmoAuth {
  const sink = options.onAuthEvent;
  const emit = async (event: AuthEvent) => {
    if (sink) await sink(event);
  };
  // Inside better-auth's request pipeline an audit failure is logged, not turned into a failed sign-in.
  const emitFromHook = async (event: AuthEvent) => {
    try {
      await emit(event);
    } catch (error) {
      options.logger?.error('auth event not recorded', { action: event.action, error: String(error) });
    }
  };
  const instance = buildBetterAuth(options, emitFromHook);
  const users = new UserDirectory({ db: options.db, context: () => instance.$context, emit });
  const apiKeys = new ApiKeyStore({ db: options.db, emit });
  return {
    betterAuth: instance,
    db: options.db,
    users,
    apiKeys,
    handler: (request) => instance.handler(request),
    emit,
  };
}
