import type { Socket } from 'socket.io';
import type { AccessControl, Principal } from './access-control.js';
import { UNAUTHENTICATED } from './errors.js';

/** What `socketAuth` stores on each socket. */
export interface AuthSocketData {
  principal: Principal | null;
}

type Next = (error?: Error) => void;

/**
 * socket.io middleware (`io.use(socketAuth(access))`): resolves the caller from
 * `handshake.auth.token` (an API key) or else the handshake's session cookie, and stores it on
 * `socket.data.principal`. A socket without credentials connects with principal null (public
 * market data only); a token that is not a valid key is refused, so a client learns its key is bad.
 */
export function socketAuth(access: AccessControl): (socket: Socket, next: Next) => void {
  return (socket, next) => {
    resolveSocketPrincipal(access, socket).then(
      (principal) => {
        (socket.data as AuthSocketData).principal = principal;
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/**
 * The caller of a socket as its handshake identifies them now: the API key of `auth.token` (rejects
 * when it is not a valid key), else the session cookie (null without one).
 */
export function resolveSocketPrincipal(access: AccessControl, socket: Socket): Promise<Principal | null> {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token !== '') {
    return access.resolveApiKey(token).then((principal) => {
      if (!principal) throw Object.assign(new Error('invalid API key'), { data: { code: UNAUTHENTICATED } });
      return principal;
    });
  }
  return access.resolve(cookieOnly(socket.handshake.headers));
}

/**
 * The cookie (and the host, which a dynamic better-auth base URL is derived from): an
 * `authorization` header on the handshake is not how sockets present keys.
 */
function cookieOnly(handshake: { cookie?: string | undefined; host?: string | undefined }): Headers {
  const headers = new Headers();
  if (handshake.cookie) headers.set('cookie', handshake.cookie);
  if (handshake.host) headers.set('host', handshake.host);
  return headers;
}
