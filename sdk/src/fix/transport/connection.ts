import type { Socket } from 'node:net';
import type { FixCodecError } from '../errors.js';
import { FixFramer } from '../framer.js';
import type { FixSession } from '../session/session.js';
import type { FixMessageLog } from './types.js';

/** Bytes a connection may hold back before its Logon is complete (a Logon is far smaller). */
const MAX_UNBOUND_BYTES = 64 * 1024;
/** How long a closing socket may take to flush what was written before it is destroyed. */
const FLUSH_MS = 2000;

export interface FixConnectionOptions {
  readonly log?: FixMessageLog | undefined;
  /** A complete frame while no session is bound (the acceptor's Logon check); valid during the call. */
  readonly unbound?: (connection: FixConnection, frame: Uint8Array) => void;
  /** The socket is gone, whoever closed it. */
  readonly closed?: (connection: FixConnection, detail: string) => void;
}

/**
 * One socket bound to one `FixSession`: the framer splits what arrives into frames for
 * `session.receive` (bytes that are no message go to `session.garbled`), frames the session sends are
 * written to the socket, and a socket closed by the peer or by an error ends the session's
 * connection. Every frame in and out goes to the log. Nothing that arrives can throw out of here.
 */
export class FixConnection {
  readonly socket: Socket;
  private readonly framer = new FixFramer();
  private readonly options: FixConnectionOptions;
  private session: FixSession | undefined;
  private closing = false;
  private closedValue = false;

  constructor(socket: Socket, options: FixConnectionOptions) {
    this.socket = socket;
    this.options = options;
    socket.setNoDelay(true);
    let detail = 'connection closed';
    socket.on('error', (error) => {
      detail = error.message;
    });
    socket.on('data', (chunk: Buffer) => this.data(chunk));
    socket.on('close', () => {
      this.closedValue = true;
      const session = this.session;
      if (session && !this.closing) this.guard(() => session.disconnected());
      this.options.closed?.(this, detail);
    });
  }

  /** The socket is gone (closed by either side). */
  get isClosed(): boolean {
    return this.closedValue;
  }

  /** Resolves when the socket is gone, or after `ms` (real time) at the latest. */
  closedOrAfter(ms: number): Promise<void> {
    if (this.closedValue) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get boundSession(): FixSession | undefined {
    return this.session;
  }

  /** From now on frames go to `session`. */
  bind(session: FixSession): void {
    this.session = session;
  }

  /** One frame from the session. */
  send(bytes: Uint8Array): void {
    if (this.closing || this.closedValue) return;
    if (this.session) this.options.log?.(this.session.sessionId, 'out', bytes);
    this.socket.write(bytes);
  }

  /**
   * Closes the socket after what was written is flushed. The session is not told: the caller
   * closes because the session asked (its `disconnect`) or tells it itself.
   */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.closedValue) return;
    const timer = setTimeout(() => this.socket.destroy(), FLUSH_MS);
    timer.unref();
    this.socket.end(() => {
      clearTimeout(timer);
      this.socket.destroy();
    });
  }

  private data(chunk: Buffer): void {
    if (this.closing) return;
    this.framer.push(chunk, {
      message: (bytes, start, end) => this.frame(bytes.subarray(start, end)),
      error: (error) => this.garbled(error),
    });
    if (!this.session && !this.closing && this.framer.buffered > MAX_UNBOUND_BYTES) this.close();
  }

  private frame(frame: Uint8Array): void {
    if (this.closing) return;
    const session = this.session;
    if (!session) {
      this.guard(() => this.options.unbound?.(this, frame));
      return;
    }
    this.options.log?.(session.sessionId, 'in', frame);
    this.guard(() => session.receive(frame));
  }

  private garbled(error: FixCodecError): void {
    if (this.closing) return;
    const session = this.session;
    if (!session) {
      this.close();
      return;
    }
    if (error.bytes) this.options.log?.(session.sessionId, 'in', error.bytes);
    this.guard(() => session.garbled());
  }

  /** An exception out of the session or the application: that connection goes, the process stays. */
  private guard(action: () => void): void {
    try {
      action();
    } catch {
      const session = this.session;
      this.close();
      if (session) {
        try {
          session.disconnected();
        } catch {
          // the application's onLogout failed as well: nothing more to do for this connection
        }
      }
    }
  }
}
