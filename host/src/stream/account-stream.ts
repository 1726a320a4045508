import type { Kernel } from '@qmo/core';
import type { Disposable } from '@qmo/sdk';
import type { Server } from 'socket.io';
import type { AccessControl } from '../auth/access-control.js';
import { type AuthSocketData, resolveSocketPrincipal } from '../auth/socket-auth.js';

const ROOM_PREFIX = 'account:';
const room = (account: string) => `${ROOM_PREFIX}${account}`;

export interface AccountStream extends Disposable {
  /**
   * Re-authenticates the open sockets of a user after their role, grants or keys changed: a socket
   * whose credentials no longer identify anybody is disconnected; the others leave the rooms of the
   * accounts no longer granted, join the new ones and get `accounts` again.
   */
  refresh(userId: string): Promise<void>;
}

/**
 * Streams each caller's own orders, fills, positions and account states: a socket joins the room
 * of every account its principal may see; changes go to the room of their account only.
 */
export function startAccountStream(io: Server, kernel: Kernel, access: AccessControl): AccountStream {
  const onConnection = (socket: import('socket.io').Socket) => {
    const principal = (socket.data as AuthSocketData).principal;
    if (!principal) return;
    void access.accountsOf(principal).then((accounts) => {
      for (const account of accounts) void socket.join(room(account));
      socket.emit('accounts', accounts);
    });
  };
  io.on('connection', onConnection);
  const subscriptions = [
    kernel.bus.on('order.updated', (order) => io.to(room(order.account)).emit('order', order)),
    kernel.bus.on('execution.created', (execution) =>
      io.to(room(execution.account)).emit('execution', execution),
    ),
    kernel.bus.on('position.updated', (position) => io.to(room(position.account)).emit('position', position)),
    kernel.bus.on('account.state', (account) => io.to(room(account.id)).emit('account_state', account)),
  ];
  const refresh = async (userId: string) => {
    for (const socket of io.of('/').sockets.values()) {
      const data = socket.data as AuthSocketData;
      if (data.principal?.userId !== userId) continue;
      const principal = await resolveSocketPrincipal(access, socket).catch(() => null);
      if (!principal) {
        socket.disconnect(true);
        continue;
      }
      data.principal = principal;
      const accounts = await access.accountsOf(principal);
      const wanted = new Set(accounts.map(room));
      for (const joined of [...socket.rooms])
        if (joined.startsWith(ROOM_PREFIX) && !wanted.has(joined)) void socket.leave(joined);
      for (const r of wanted) void socket.join(r);
      socket.emit('accounts', accounts);
    }
  };
  return {
    refresh,
    dispose() {
      io.off('connection', onConnection);
      for (const s of subscriptions) s.dispose();
    },
  };
}
