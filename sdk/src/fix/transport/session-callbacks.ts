import type { FixSession, FixSessionCallbacks } from '../session/session.js';
import type { FixConnection } from './connection.js';
import type { FixApplication } from './types.js';

export interface ConnectionLink {
  /** The connection the session currently answers through, if any. */
  connection(): FixConnection | undefined;
  /** The session dropped its connection: forget it (it is being closed). */
  detach(): void;
  onLogon?(): void;
  onLogout?(): void;
}

/**
 * A session's callbacks, made once at its construction: they go to whatever connection is current
 * and to the application.
 */
export function sessionCallbacks(
  application: FixApplication,
  session: () => FixSession,
  link: ConnectionLink,
): FixSessionCallbacks {
  return {
    send: (bytes) => link.connection()?.send(bytes),
    disconnect: () => {
      const connection = link.connection();
      link.detach();
      connection?.close();
    },
    onApplicationMessage: (view) => application.onMessage(view, session()),
    onSessionReject: (view) => application.onSessionReject?.(view, session()),
    onLogon: () => {
      application.onLogon?.(session());
      link.onLogon?.();
    },
    onLogout: () => {
      application.onLogout?.(session());
      link.onLogout?.();
    },
  };
}
