import type { AccessControl, Principal, UserDirectory } from '../auth/index.js';
import { TRADING_ROLES } from '../auth/index.js';

/** Who a FIX session trades as: its user, the audit actor, and the accounts it may trade. */
export interface SessionIdentity {
  principal: Principal;
  /** The audit actor: the user as HTTP orders record it, and the session. */
  actor: string;
  accounts: string[];
}

/**
 * Resolves a session's configured user (by e-mail) to its role and grants, as the HTTP order routes
 * check them: a trading role (trader, admin) and the account granted (directly or by desk). Cached
 * per session until `invalidate()` (the host calls it on every change of roles and grants).
 */
export class SessionUsers {
  private readonly cache = new Map<string, Promise<SessionIdentity | string>>();

  constructor(
    private readonly options: {
      users: Pick<UserDirectory, 'findByEmail'>;
      access: Pick<AccessControl, 'accountsOf'>;
    },
  ) {}

  /** The identity, or why the session cannot trade (unknown user). */
  resolve(
    sessionId: string,
    config: { user: string; accounts?: string[] | undefined },
  ): Promise<SessionIdentity | string> {
    let found = this.cache.get(sessionId);
    if (!found) {
      found = this.load(sessionId, config);
      this.cache.set(sessionId, found);
      found.catch(() => this.cache.delete(sessionId));
    }
    return found;
  }

  invalidate(sessionId?: string): void {
    if (sessionId === undefined) this.cache.clear();
    else this.cache.delete(sessionId);
  }

  private async load(
    sessionId: string,
    config: { user: string; accounts?: string[] | undefined },
  ): Promise<SessionIdentity | string> {
    const user = await this.options.users.findByEmail(config.user);
    if (!user) return `the session's user ${config.user} does not exist`;
    const principal: Principal = {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      via: 'session',
    };
    const tradable = TRADING_ROLES.includes(user.role) ? await this.options.access.accountsOf(principal) : [];
    const accounts = config.accounts ? config.accounts.filter((a) => tradable.includes(a)) : tradable;
    return { principal, actor: fixActor(user.id, sessionId), accounts };
  }
}

/** The audit actor of an order entered through a FIX session: `user:<id> via fix:<session id>`. */
export function fixActor(userId: string, sessionId: string): string {
  return `user:${userId} via fix:${sessionId}`;
}

const VIA_FIX = ' via fix:';

/** The FIX session an order's actor names (`user:<id> via fix:<session id>`); undefined for any other actor. */
export function sessionOfActor(actor: string): string | undefined {
  const at = actor.indexOf(VIA_FIX);
  if (at < 0) return undefined;
  const sessionId = actor.slice(at + VIA_FIX.length);
  return sessionId === '' ? undefined : sessionId;
}
