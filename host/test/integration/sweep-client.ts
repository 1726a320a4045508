import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';

/** How a request or a socket proves who it is: nothing, a session cookie or an API key. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'cookie'; cookie: string }
  /** An API key; `cookie` sends a session cookie along (which must not be used in its place). */
  | { kind: 'bearer'; key: string; cookie?: string };

export interface Answer<T = any> {
  status: number;
  type: string | null;
  body: T;
}

/** One HTTP request to `baseUrl` with the given credentials; the body parsed as JSON when it is JSON. */
export async function send<T = any>(
  baseUrl: string,
  credentials: Credentials,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { origin: baseUrl };
  if (credentials.kind === 'cookie') headers.cookie = credentials.cookie;
  if (credentials.kind === 'bearer') {
    headers.authorization = `Bearer ${credentials.key}`;
    if (credentials.cookie) headers.cookie = credentials.cookie;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const type = res.headers.get('content-type');
  const text = await res.text();
  let parsed: unknown = text;
  if (type?.includes('json') && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, type, body: parsed as T };
}

/** Signs in with e-mail and password; the session cookie. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A socket.io client that records every event it receives, by name. */
export interface RecordingSocket {
  socket: Socket;
  events: { name: string; payload: any }[];
  /** Resolves once connected (and, for a signed-in socket, once its `accounts` event arrived); rejects on connect_error. */
  ready: Promise<void>;
  /** Resolves with the first recorded event (past or future) that matches. */
  waitFor(name: string, match: (payload: any) => boolean, what: string, timeoutMs?: number): Promise<any>;
  close(): void;
}

export function recordingSocket(
  baseUrl: string,
  credentials: Credentials,
  options: { waitForAccounts?: boolean } = {},
): RecordingSocket {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(credentials.kind === 'cookie' ? { extraHeaders: { cookie: credentials.cookie } } : {}),
    ...(credentials.kind === 'bearer'
      ? {
          auth: { token: credentials.key },
          ...(credentials.cookie ? { extraHeaders: { cookie: credentials.cookie } } : {}),
        }
      : {}),
  });
  const events: { name: string; payload: any }[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((name: string, payload: unknown) => {
    events.push({ name, payload });
    for (const w of [...waiters]) w();
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (error) => reject(error));
    if (options.waitForAccounts) socket.once('accounts', () => resolve());
    else socket.once('connect', () => resolve());
  });
  ready.catch(() => {});
  const waitFor = (name: string, match: (payload: any) => boolean, what: string, timeoutMs = 15_000) =>
    new Promise<any>((resolve, reject) => {
      const check = () => {
        const found = events.find((e) => e.name === name && match(e.payload));
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found.payload);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { socket, events, ready, waitFor, close: () => socket.close() };
}
