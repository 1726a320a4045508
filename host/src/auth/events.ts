/** Security events the host writes to its audit journal. */
export type AuthAction =
  | 'auth.signin'
  | 'auth.signin.failed'
  | 'auth.signout'
  | 'auth.role.changed'
  | 'auth.grants.changed'
  | 'auth.apikey.created'
  | 'auth.apikey.revoked'
  | 'auth.user.created';

export interface AuthEvent {
  action: AuthAction;
  /** Who did it: a user id, `system` (start-up), `cli`, or `anonymous` (a failed sign-in). */
  actor: string;
  /** What it was done to: a user id, an API key id, or the e-mail of a failed sign-in. */
  subject: string;
  /** Details (never a password, session token or API key). */
  payload: Record<string, unknown>;
}

/** Called for each event; awaited. The host wires it to the audit journal. */
export type AuthEventSink = (event: AuthEvent) => void | Promise<void>;

/** Actors that are not users. */
export const SYSTEM_ACTOR = 'system';
export const CLI_ACTOR = 'cli';
export const ANONYMOUS_ACTOR = 'anonymous';
