import type { QmoAuth } from './auth.js';
import { AccessDeniedError } from './errors.js';
import { ALL_ACCOUNTS_ROLES, isRole, type Role, TRADING_ROLES } from './roles.js';

/** Who is calling, resolved from a session cookie or an API key. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'apikey';
  /** The key used, when `via` is `apikey`. */
  apiKeyId?: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface AccessControlOptions {
  auth: QmoAuth;
  /** Every trading account id (what admin, risk and compliance see). */
  listAccounts: () => MaybePromise<Iterable<string>>;
  /** The account ids of a desk (a desk grant covers accounts added to the desk later too). */
  accountsOfDesk: (deskId: string) => MaybePromise<Iterable<string>>;
}

/** Request headers as the Fetch API or Node's `IncomingHttpHeaders` carry them. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

/**
 * Who may see and trade what: resolves the caller of a request and answers which trading accounts
 * they see (all for admin, risk and compliance; the granted accounts and the accounts of the
 * granted desks for traders and viewers) and whether they may trade one (traders and admins, on the
 * accounts they see).
 */
export class AccessControl {
  constructor(private readonly options: AccessControlOptions) {}

  /**
   * The caller of a request: `Authorization: Bearer <api key>` if present (an invalid key gives null,
   * without falling back to the cookie), else the better-auth session cookie; null when neither
   * identifies a user.
   */
  async resolve(headers: HeadersLike): Promise<Principal | null> {
    const h = toHeaders(headers);
    const authorization = h.get('authorization');
    if (authorization !== null) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      return match ? this.resolveApiKey(match[1]!) : null;
    }
    if (!h.has('cookie')) return null;
    const found = await this.options.auth.betterAuth.api.getSession({ headers: h }).catch(() => null);
    if (!found || !isRole(found.user.role)) return null;
    return {
      userId: found.user.id,
      email: found.user.email,
      name: found.user.name,
      role: found.user.role,
      via: 'session',
    };
  }

  /** The caller an API key identifies, or null for an unknown, revoked or expired key. */
  async resolveApiKey(key: string): Promise<Principal | null> {
    const owner = await this.options.auth.apiKeys.verify(key);
    if (!owner) return null;
    const { id, email, name, role } = owner.user;
    return { userId: id, email, name, role, via: 'apikey', apiKeyId: owner.apiKeyId };
  }

  /** The trading account ids this principal sees, sorted. */
  async accountsOf(principal: Principal): Promise<string[]> {
    if (ALL_ACCOUNTS_ROLES.includes(principal.role))
      return [...new Set(await this.options.listAccounts())].sort();
    const grants = await this.options.auth.users.grantsOf(principal.userId);
    const accounts = new Set(grants.accountIds);
    for (const deskId of grants.deskIds) {
      for (const account of await this.options.accountsOfDesk(deskId)) accounts.add(account);
    }
    return [...accounts].sort();
  }

  async canView(principal: Principal, account: string): Promise<boolean> {
    return (await this.accountsOf(principal)).includes(account);
  }

  /** Traders and admins, on an account they see. */
  async canTrade(principal: Principal, account: string): Promise<boolean> {
    return TRADING_ROLES.includes(principal.role) && this.canView(principal, account);
  }

  hasRole(principal: Principal, ...roles: Role[]): boolean {
    return roles.includes(principal.role);
  }

  /** Throws `AccessDeniedError` (403) unless the principal holds one of the roles. */
  requireRole(principal: Principal, ...roles: Role[]): void {
    if (!this.hasRole(principal, ...roles)) throw roleDenied(principal, roles);
  }

  /** Throws `AccessDeniedError` (403) unless the principal may see (or, `trade`, trade) the account. */
  async assertAccount(principal: Principal, account: string, mode: 'view' | 'trade' = 'view'): Promise<void> {
    if (mode === 'trade' && !TRADING_ROLES.includes(principal.role))
      throw roleDenied(principal, TRADING_ROLES);
    if (!(await this.canView(principal, account))) {
      throw new AccessDeniedError(`account "${account}" is not granted to ${principal.email}`, { account });
    }
  }
}

export function roleDenied(principal: Principal, roles: readonly Role[]): AccessDeniedError {
  const needed = roles.length === 1 ? `the ${roles[0]} role` : `one of the roles ${roles.join(', ')}`;
  return new AccessDeniedError(`this needs ${needed}; ${principal.email} is ${principal.role}`, {
    requiredRoles: roles,
  });
}

function toHeaders(headers: HeadersLike): Headers {
  if (headers instanceof Headers) return headers;
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    // Node joins repeated headers into arrays; a cookie header is joined with "; ".
    h.set(name, Array.isArray(value) ? value.join(name.toLowerCase() === 'cookie' ? '; ' : ', ') : value);
  }
  return h;
}
