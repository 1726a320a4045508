import type { Kernel } from '@qmo/core';
import type { Disposable } from '@qmo/sdk';
import type { Server } from 'socket.io';
import type { AccessControl } from '../auth/access-control.js';
import type { AuthSocketData } from '../auth/socket-auth.js';

const room = (account: string) => `account:${account}`;

/**
 * Streams each caller's own orders, fills, positions and account states: a socket joins the room
 * of every account its principal may see; changes go to the room of their account only.
 */
export function startAccountStream(io: Server, kernel: Kernel, access: AccessControl): Disposable {
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
  return {
    dispose() {
      io.off('connection', onConnection);
      for (const s of subscriptions) s.dispose();
    },
  };
}
