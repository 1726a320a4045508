import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../plugin/clock.js';
import type { PluginContext } from '../plugin/context.js';
import type { DefinedPlugin } from '../plugin/define-plugin.js';
import { type Disposable, DisposableStore, toDisposable } from '../plugin/disposable.js';
import {
  CapabilityDeniedError,
  ConfigInvalidError,
  ExtensionPointDeniedError,
  ServiceUnavailableError,
} from '../plugin/errors.js';
import type { ExtensionPoint } from '../plugin/extension-point.js';
import type { Logger } from '../plugin/logger.js';
import type { Capability, PluginKind } from '../plugin/manifest.js';
import type { ServiceRef } from '../plugin/service-ref.js';
import { FakeClock } from './fake-clock.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export interface TestHostOptions<C> {
  plugin: DefinedPlugin<C>;
  id?: string;
  version?: string;
  /** Capabilities granted; defaults to none, as a manifest without `capabilities` would get. */
  capabilities?: Capability[];
  /** Raw configuration, validated by the plugin's schema like the real host does. */
  config?: unknown;
  /** Services the test provides, as [ref, implementation] pairs. */
  services?: [ServiceRef<any>, unknown][];
  clock?: Clock;
  /** The plugin's data folder (`context.dataDir`); default: a new temporary folder, removed by `stop()`. */
  dataDir?: string;
}

export interface TestHost<C> {
  readonly context: PluginContext<C>;
  readonly clock: Clock;
  readonly logs: LogEntry[];
  /** Errors thrown by the plugin's timer callbacks (the real host counts them toward quarantine). */
  readonly faults: unknown[];
  /** What the plugin registered at an extension point and has not released. */
  contributions<T>(point: ExtensionPoint<T>): T[];
  /** Deactivates the plugin and releases everything it registered. */
  stop(): Promise<void>;
}

/**
 * A simulated host for plugin authors' tests: starts one plugin with the services and the
 * (fake) clock the test gives it, enforcing capabilities and the extension points' kinds
 * like the real kernel does.
 */
export async function startTestPlugin<C>(options: TestHostOptions<C>): Promise<TestHost<C>> {
  const { plugin } = options;
  const kind: PluginKind = plugin.kind;
  const identity = { id: options.id ?? `test-${kind}`, version: options.version ?? '0.0.0', kind };
  const granted = new Set<string>(options.capabilities ?? []);
  const clock = options.clock ?? new FakeClock();
  const store = new DisposableStore();
  const abort = new AbortController();
  const logs: LogEntry[] = [];
  const faults: unknown[] = [];
  const contributions = new Map<string, unknown[]>();
  const provided = new Map<symbol, unknown>((options.services ?? []).map(([ref, impl]) => [ref.token, impl]));

  const parsed = plugin.config
    ? plugin.config.safeParse(options.config ?? {})
    : { success: true as const, data: undefined };
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ConfigInvalidError(`invalid configuration for ${identity.id}`, issues);
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `qmo-${identity.id}-`));
  if (options.dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  else store.add(toDisposable(() => rmSync(dataDir, { recursive: true, force: true })));

  const logger = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: LogEntry['level']) =>
      (message: string, fields: Record<string, unknown> = {}) =>
        void logs.push({ level, message, fields: { ...bindings, ...fields } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (b) => logger({ ...bindings, ...b }),
    };
  };
  const guarded = (callback: () => void) => () => {
    try {
      callback();
    } catch (error) {
      faults.push(error);
    }
  };

  const context: PluginContext<C> = {
    plugin: identity,
    config: parsed.data as C,
    logger: logger({ plugin: identity.id }),
    clock,
    dataDir,
    signal: abort.signal,
    timers: {
      setTimeout: (cb, ms) => {
        const handle = store.add(
          clock.setTimeout(() => {
            store.delete(handle);
            guarded(cb)();
          }, ms),
        );
        return handle;
      },
      setInterval: (cb, ms) => store.add(clock.setInterval(guarded(cb), ms)),
    },
    get<T>(ref: ServiceRef<T>): T {
      if (ref.capability && !granted.has(ref.capability))
        throw new CapabilityDeniedError(identity.id, ref.capability, `service "${ref.id}"`);
      if (!provided.has(ref.token)) throw new ServiceUnavailableError(ref.id);
      return provided.get(ref.token) as T;
    },
    register<T>(point: ExtensionPoint<T>, contribution: T): Disposable {
      if (!point.kinds.includes(kind)) throw new ExtensionPointDeniedError(identity.id, point.key, kind);
      if (point.capability && !granted.has(point.capability))
        throw new CapabilityDeniedError(identity.id, point.capability, `extension point "${point.key}"`);
      point.validate?.(contribution);
      const list = contributions.get(point.key) ?? [];
      list.push(contribution);
      contributions.set(point.key, list);
      return store.add(toDisposable(() => void list.splice(list.indexOf(contribution), 1)));
    },
    track: (resource) => store.add(resource),
    onDispose: (cleanup) => store.add(toDisposable(cleanup)),
  };

  try {
    await plugin.activate(context);
  } catch (error) {
    // Like the real host's quarantine: a plugin that fails to start keeps nothing (no leaked timers).
    abort.abort();
    await store.dispose().catch(() => {});
    throw error;
  }

  return {
    context,
    clock,
    logs,
    faults,
    contributions: <T>(point: ExtensionPoint<T>) => [
      ...((contributions.get(point.key) as T[] | undefined) ?? []),
    ],
    async stop() {
      abort.abort();
      try {
        await plugin.deactivate?.(context);
      } finally {
        await store.dispose();
      }
    },
  };
}
