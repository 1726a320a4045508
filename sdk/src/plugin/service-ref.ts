import type { Capability } from './manifest.js';

/**
 * A typed handle to a service the host provides. Plugins never see concrete classes:
 * they ask their context for a ref. The token is a registered symbol, so two copies of
 * the SDK in one process still agree on it.
 */
export interface ServiceRef<T> {
  readonly id: string;
  readonly token: symbol;
  /** Capability a plugin needs to obtain the service. */
  readonly capability?: Capability;
  /** Phantom field carrying the service type; never set. */
  readonly __type?: T;
}

export function createServiceRef<T>(options: { id: string; capability?: Capability }): ServiceRef<T> {
  return Object.freeze({
    id: options.id,
    token: Symbol.for(`qmo.service:${options.id}`),
    ...(options.capability ? { capability: options.capability } : {}),
  });
}
