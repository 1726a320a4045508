import type { Clock } from './clock.js';
import type { Disposable } from './disposable.js';
import type { ExtensionPoint } from './extension-point.js';
import type { Logger } from './logger.js';
import type { PluginKind } from './manifest.js';
import type { ServiceRef } from './service-ref.js';

export interface PluginIdentity {
  id: string;
  version: string;
  kind: PluginKind;
}

/** Timers owned by a plugin: released when it stops, and a throwing callback counts as its fault. */
export interface PluginTimers {
  setTimeout(callback: () => void, ms: number): Disposable;
  setInterval(callback: () => void, ms: number): Disposable;
}

/** What a plugin receives in `activate`. Everything it registers is released when it stops. */
export interface PluginContext<C = unknown> {
  readonly plugin: PluginIdentity;
  /** The plugin's configuration, validated against its `config` schema. */
  readonly config: C;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers: PluginTimers;
  /**
   * A folder of the plugin's own for files it keeps between runs (a message store, a cache): the
   * host creates it as `<host dataDir>/plugins/<plugin id>` before `activate`.
   */
  readonly dataDir: string;
  /** Aborted when the plugin is being stopped. */
  readonly signal: AbortSignal;
  /** A host service; throws CapabilityDeniedError or ServiceUnavailableError. */
  get<T>(ref: ServiceRef<T>): T;
  /** Contributes to an extension point; throws ExtensionPointDeniedError or CapabilityDeniedError. */
  register<T>(point: ExtensionPoint<T>, contribution: T): Disposable;
  /** Releases the resource when the plugin stops. */
  track<T extends Disposable>(resource: T): T;
  onDispose(cleanup: () => void | Promise<void>): Disposable;
}
