import type { Capability, PluginKind } from './manifest.js';

/**
 * A versioned place plugins contribute implementations to, e.g. "feeds/v1".
 * A breaking change ships as "/v2" beside "/v1"; hosts may serve both.
 */
export interface ExtensionPoint<T> {
  readonly id: string;
  readonly version: number;
  /** `${id}/v${version}` */
  readonly key: string;
  /** Plugin kinds allowed to contribute. */
  readonly kinds: readonly PluginKind[];
  /** Capability needed to contribute, if any. */
  readonly capability?: Capability;
  /** Checks a contribution before it is accepted; throws a QmoError when invalid. */
  readonly validate?: (contribution: T) => void;
  readonly __type?: T;
}

export function createExtensionPoint<T>(options: {
  id: string;
  version: number;
  kinds: readonly PluginKind[];
  capability?: Capability;
  validate?: (contribution: T) => void;
}): ExtensionPoint<T> {
  return Object.freeze({
    id: options.id,
    version: options.version,
    key: `${options.id}/v${options.version}`,
    kinds: options.kinds,
    ...(options.capability ? { capability: options.capability } : {}),
    ...(options.validate ? { validate: options.validate } : {}),
  });
}
