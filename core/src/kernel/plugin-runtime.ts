import { mkdirSync } from 'node:fs';
import {
  CapabilityDeniedError,
  type Clock,
  type DefinedPlugin,
  type Disposable,
  DisposableStore,
  ERROR_CODES,
  type ExtensionPoint,
  ExtensionPointDeniedError,
  errorMessage,
  type Logger,
  type PluginContext,
  type PluginManifest,
  type PluginState,
  type ServiceRef,
  ServiceUnavailableError,
  toDisposable,
} from '@qmo/sdk';
import type { DependencyContainer } from 'tsyringe';
import type { ContributionRegistry } from './contribution-registry.js';

export interface RuntimeHooks {
  /** A fault charged to the plugin (thrown callback, failing contribution). */
  onFault(runtime: PluginRuntime, error: unknown): void;
  onStateChange(runtime: PluginRuntime): void;
}

/** One loaded plugin: its container, its disposables, its state and faults. */
export class PluginRuntime {
  state: PluginState = 'loaded';
  error: { code: string; message: string } | undefined;
  faults = 0;
  private store = new DisposableStore();
  private abort = new AbortController();
  private context: PluginContext<unknown> | undefined;

  constructor(
    readonly manifest: PluginManifest,
    readonly location: string,
    readonly definition: DefinedPlugin<unknown>,
    readonly config: unknown,
    private readonly container: DependencyContainer,
    private readonly registry: ContributionRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The plugin's data folder, created before each activation. */
    readonly dataDir: string,
    private readonly hooks: RuntimeHooks,
  ) {}

  get id(): string {
    return this.manifest.id;
  }

  /** Live disposables held for the plugin (timers, registrations, resources). */
  get heldResources(): number {
    return this.store.size;
  }

  async activate(): Promise<void> {
    this.setState('starting');
    this.store = new DisposableStore();
    this.abort = new AbortController();
    mkdirSync(this.dataDir, { recursive: true });
    this.context = this.createContext();
    await this.definition.activate(this.context);
    if (this.state === 'starting') this.setState('running');
  }

  async deactivate(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'starting') return;
    this.setState('stopping');
    this.abort.abort();
    try {
      if (this.context) await this.definition.deactivate?.(this.context);
    } catch (error) {
      this.logger.error('plugin deactivate failed', { error: errorMessage(error) });
    }
    await this.release();
    this.setState('stopped');
  }

  /** Stops the plugin for good after a fault: releases everything, keeps the error for the report. */
  async quarantine(error: unknown): Promise<void> {
    if (this.state === 'quarantined') return;
    this.error = toReportedError(error);
    this.abort.abort();
    this.setState('quarantined');
    await this.release();
  }

  /** Wraps a callback the host calls on the plugin's behalf: a throw becomes a fault, never an escape. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      if (this.state !== 'running' && this.state !== 'starting') return;
      try {
        fn(...args);
      } catch (error) {
        this.hooks.onFault(this, error);
      }
    };
  }

  private async release(): Promise<void> {
    try {
      await this.store.dispose();
    } catch (error) {
      this.logger.error('plugin resources failed to release', { error: errorMessage(error) });
    }
  }

  private setState(state: PluginState): void {
    this.state = state;
    this.hooks.onStateChange(this);
  }

  private createContext(): PluginContext<unknown> {
    const { manifest, store } = this;
    const granted = new Set<string>(manifest.capabilities);
    const identity = { id: manifest.id, version: manifest.version, kind: manifest.kind };
    return {
      plugin: identity,
      config: this.config,
      logger: this.logger,
      clock: this.clock,
      dataDir: this.dataDir,
      signal: this.abort.signal,
      timers: {
        setTimeout: (cb, ms) => {
          // A fired timeout has nothing left to release: drop it so long-running plugins don't grow the store.
          const guarded = this.guard(cb);
          const handle = store.add(
            this.clock.setTimeout(() => {
              store.delete(handle);
              guarded();
            }, ms),
          );
          return handle;
        },
        setInterval: (cb, ms) => store.add(this.clock.setInterval(this.guard(cb), ms)),
      },
      get: <T>(ref: ServiceRef<T>): T => {
        if (ref.capability && !granted.has(ref.capability) && !granted.has(wildcardOf(ref.capability))) {
          throw new CapabilityDeniedError(manifest.id, ref.capability, `service "${ref.id}"`);
        }
        if (!this.container.isRegistered(ref.token, true)) throw new ServiceUnavailableError(ref.id);
        return this.container.resolve<T>(ref.token);
      },
      register: <T>(point: ExtensionPoint<T>, value: T): Disposable => {
        if (!point.kinds.includes(manifest.kind))
          throw new ExtensionPointDeniedError(manifest.id, point.key, manifest.kind);
        if (point.capability && !granted.has(point.capability)) {
          throw new CapabilityDeniedError(manifest.id, point.capability, `extension point "${point.key}"`);
        }
        point.validate?.(value);
        const registration = this.registry.add(point, {
          pluginId: manifest.id,
          pluginVersion: manifest.version,
          value,
          fault: (error) => this.hooks.onFault(this, error),
        });
        return store.add(registration);
      },
      track: (resource) => store.add(resource),
      onDispose: (cleanup) => store.add(toDisposable(cleanup)),
    };
  }
}

function wildcardOf(capability: string): string {
  return capability.startsWith('net:') ? 'net:*' : capability;
}

export function toReportedError(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown })?.code;
  return {
    code: typeof code === 'string' && code.startsWith('QMO_') ? code : ERROR_CODES.PLUGIN_START_FAILED,
    message: errorMessage(error),
  };
}
