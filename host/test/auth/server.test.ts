import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Server as SocketServer } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/access-control.js';
import { hostBaseURL } from '../../src/auth/auth.js';
import { type AuthSocketData, socketAuth } from '../../src/auth/socket-auth.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { type AuthFixture, authFixture, backends, PASSWORD, sessionCookie } from './support.js';

/** The real Node server on port 0, better-auth with a dynamic base URL (the port is known only after listen). */
describe('auth over a real server and socket.io', () => {
  let db: DatabaseHandle;
  let f: AuthFixture;
  let url: string;
  let io: SocketServer;
  let server: ReturnType<typeof createAdaptorServer>;
  const seen: (Principal | null)[] = [];
  let apiKey: string;

  beforeAll(async () => {
    db = await backends[0]!.open();
    f = authFixture(db, { baseURL: hostBaseURL(), trustedOrigins: [] });
    server = createAdaptorServer({ fetch: f.app.fetch });
    io = new SocketServer(server, { serveClient: false });
    io.use(socketAuth(f.access));
    io.on('connection', (socket) => {
      seen.push((socket.data as AuthSocketData).principal);
      socket.emit('principal', (socket.data as AuthSocketData).principal);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const user = await f.auth.users.create(
      { email: 'desk@example.com', password: PASSWORD, role: 'trader' },
      'system',
    );
    apiKey = (await f.auth.apiKeys.create(user.id, { name: 'stream' }, user.id)).key;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => io?.close(() => resolve()));
    await db?.close();
  });

  const signIn = (origin: string) =>
    fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'desk@example.com', password: PASSWORD }),
    });

  it('signs in over HTTP with the Origin of the real port', async () => {
    const res = await signIn(url);
    expect(res.status).toBe(200);
    const me = await fetch(`${url}/api/v1/me`, { headers: { cookie: sessionCookie(res) } });
    expect(((await me.json()) as { principal: Principal }).principal.email).toBe('desk@example.com');
  });

  const principalOver = (options: Parameters<typeof connect>[1]) =>
    new Promise<Principal | null>((resolve, reject) => {
      const socket: ClientSocket = connect(url, { transports: ['websocket'], forceNew: true, ...options });
      socket.once('principal', (p: Principal | null) => {
        socket.close();
        resolve(p);
      });
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });

  it('a socket without credentials connects with principal null', async () => {
    expect(await principalOver({})).toBeNull();
  });

  it('a socket with an API key in auth.token has its owner as principal', async () => {
    expect(await principalOver({ auth: { token: apiKey } })).toMatchObject({
      email: 'desk@example.com',
      via: 'apikey',
    });
  });

  it('a socket with the session cookie has the signed-in user as principal', async () => {
    const cookie = sessionCookie(await signIn(url));
    expect(await principalOver({ extraHeaders: { cookie } })).toMatchObject({
      email: 'desk@example.com',
      via: 'session',
    });
  });

  it('a socket with an invalid API key is refused', async () => {
    await expect(principalOver({ auth: { token: 'qmo_bogus' } })).rejects.toThrow(/invalid API key/);
  });
});
