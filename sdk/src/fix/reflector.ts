import type { FixFieldList } from './message-view.js';
import type { FixSession } from './session/session.js';
import type { FixApplication } from './transport/types.js';

/** Header (and trailer) tags: the reflector answers with its own session header. */
const HEADER = new Set([8, 9, 10, 34, 35, 43, 49, 50, 52, 56, 57, 97, 115, 116, 122, 128, 129, 144, 145]);
const ECHOED = new Set(['D', 'd', 'C']);

/**
 * The test application of QuickFIX's session acceptance suite: a NewOrderSingle, SecurityDefinition
 * or Email comes back as the same message (body fields in tag order) under our header — except a
 * PossResend=Y NewOrderSingle whose ClOrdID was already seen on the session (since its Logon), which
 * is dropped; any other application message gets a BusinessMessageReject "Unsupported Message Type".
 */
export function reflectorApplication(): FixApplication {
  const seen = new WeakMap<FixSession, Set<string>>();
  return {
    onLogout(session) {
      seen.delete(session);
    },
    onMessage(view, session) {
      const type = view.getString(35) ?? '';
      if (!ECHOED.has(type)) {
        session.sendApplication('j', [
          [45, String(view.getInt(34) ?? 0)],
          [58, 'Unsupported Message Type'],
          [372, type],
          [380, '3'],
        ]);
        return;
      }
      const possResend = view.getBoolean(97) === true;
      let ids = seen.get(session);
      if (!ids) {
        ids = new Set();
        seen.set(session, ids);
      }
      const id = view.getString(11) ?? '';
      if (type === 'D' && possResend && ids.has(id)) return;
      ids.add(id);
      const body: FixFieldList = [
        ...(possResend ? [[97, 'Y'] as const] : []),
        ...view
          .toFieldList()
          .filter((f) => !HEADER.has(f[0]))
          .sort((a, b) => a[0] - b[0]),
      ];
      session.sendApplication(type, body);
    },
  };
}
