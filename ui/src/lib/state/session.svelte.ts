import type { Account } from '@qmo/sdk';
import { api, auth } from '../api/endpoints.js';
import { ApiError } from '../api/http.js';
import type { Me } from '../api/types.js';
import { stream } from '../stream/market-stream.svelte.js';
import { errors, reportError } from './errors.svelte.js';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';

const TRADING_ROLES = new Set(['trader', 'admin']);
const RISK_VIEW_ROLES = new Set(['risk', 'admin', 'compliance']);
const RISK_EDIT_ROLES = new Set(['risk', 'admin']);

/** Who is signed in (`GET /me`), with the accounts granted; signs in and out through better-auth. */
class Session {
  status = $state<SessionStatus>('loading');
  me = $state.raw<Me | null>(null);

  user = $derived(this.me?.user ?? null);
  role = $derived(this.me?.user.role ?? null);
  accounts = $derived<Account[]>(this.me?.accounts ?? []);
  /** The account ids, as one string: effects keyed on it re-run only when the set of accounts changes. */
  accountKey = $derived((this.me?.accounts ?? []).map((a) => a.id).join(','));
  canTrade = $derived(TRADING_ROLES.has(this.role ?? ''));
  canSeeRisk = $derived(RISK_VIEW_ROLES.has(this.role ?? ''));
  canEditRisk = $derived(RISK_EDIT_ROLES.has(this.role ?? ''));

  /** Reads the principal: 401 (or a host without the trading API, 404) means signed out. */
  async load(): Promise<void> {
    try {
      this.me = await api.me();
      this.status = 'signed-in';
    } catch (e) {
      this.me = null;
      this.status = 'signed-out';
      if (!(e instanceof ApiError && (e.status === 401 || e.status === 404))) reportError(e, 'Session');
    }
  }

  /** Signs in; throws an `ApiError` with better-auth's message on failure. */
  async signIn(email: string, password: string): Promise<void> {
    await auth.signIn(email, password);
    await this.load();
    if (this.status !== 'signed-in') throw new Error('signed in, but the server does not know the session');
    // The socket re-reads the principal only in a new handshake.
    stream.reconnect();
  }

  async signOut(): Promise<void> {
    try {
      await auth.signOut();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) reportError(e, 'Sign out');
    }
    this.me = null;
    this.status = 'signed-out';
    stream.reconnect();
  }

  /** A call answered 401 while signed in: the session ended elsewhere or expired. */
  expire(): void {
    if (this.status !== 'signed-in') return;
    this.me = null;
    this.status = 'signed-out';
    errors.push('Your session has ended: sign in again.');
    stream.reconnect();
  }

  /** `account_state`: keeps the trading state of the accounts shown in the ticket current. */
  onAccountState(account: Account): void {
    if (!this.me?.accounts.some((a) => a.id === account.id)) return;
    this.me = { ...this.me, accounts: this.me.accounts.map((a) => (a.id === account.id ? account : a)) };
  }
}

export const session = new Session();
