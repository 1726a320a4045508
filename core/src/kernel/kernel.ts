import 'reflect-metadata';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Clock,
  ConfigInvalidError,
  type DefinedPlugin,
  ERROR_CODES,
  errorMessage,
  isDefinedPlugin,
  type Logger,
  ManifestInvalidError,
  type PluginIdentity,
  type PluginKind,
  type PluginManifest,
  type PluginState,
  QmoError,
  type QmoEvents,
  type ServiceRef,
  silentLogger,
  systemClock,
} from '@qmo/sdk';
import { container, type DependencyContainer, instanceCachingFactory } from 'tsyringe';
import { EventBus } from '../bus/event-bus.js';
import { checkEngineCompatibility } from './compatibility.js';
import { ContributionRegistry } from './contribution-registry.js';
import { orderByDependencies } from './dependency-order.js';
import type { PluginCandidate } from './discovery.js';
import { PluginRuntime } from './plugin-runtime.js';

export interface KernelOptions {
  /** The SDK version this host provides; plugins' `engines.qmo` must accept it. */
  sdkVersion: string;
  clock?: Clock;
  logger?: Logger;
  bus?: EventBus<QmoEvents>;
  /** Faults (thrown callbacks) after which a running plugin is quarantined. */
  faultThreshold?: number;
  /**
   * The host's data folder: each plugin gets `<dataDir>/plugins/<id>` as `context.dataDir`, created
   * before it starts. Default: a folder of this process in the OS temporary folder.
   */
  dataDir?: string;
}

/** A plugin to register: from discovery (`load` imports its module) or in-process (`definition`). */
export interface PluginEntry {
  manifest: PluginManifest;
  location: string;
  definition?: DefinedPlugin<unknown>;
  load?: () => Promise<unknown>;
}

export interface PluginReport {
  id: string;
  version: string;
  kind: PluginKind | null;
  state: PluginState;
  location: string;
  displayName?: string;
  description?: string;
  capabilities: string[];
  requires: Record<string, string>;
  error?: { code: string; message: string };
  faults: number;
}

/**
 * The host kernel: validates, orders, loads, starts and stops plugins, each in its own
 * tsyringe child container, and keeps a faulty plugin from taking the host down.
 */
export class Kernel {
  readonly contributions = new ContributionRegistry();
  readonly bus: EventBus<QmoEvents>;
  readonly clock: Clock;
  private readonly logger: Logger;
  private readonly root: DependencyContainer = container.createChildContainer();
  private readonly scoped: [ServiceRef<unknown>, (plugin: PluginIdentity) => unknown][] = [];
  private readonly runtimes = new Map<string, PluginRuntime>();
  private readonly containers = new Map<string, DependencyContainer>();
  private readonly refused = new Map<string, PluginReport>();
  private order: string[] = [];
  private readonly faultThreshold: number;
  private readonly pluginsDir: string;

  constructor(private readonly options: KernelOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.bus =
      options.bus ??
      new EventBus<QmoEvents>((topic, error) =>
        this.logger.error('event handler failed', { topic, error: errorMessage(error) }),
      );
    this.faultThreshold = options.faultThreshold ?? 5;
    this.pluginsDir = join(options.dataDir ?? join(tmpdir(), `qmo-${process.pid}`), 'plugins');
  }

  /** Makes a service available to every plugin (subject to the ref's capability). */
  provide<T>(ref: ServiceRef<T>, value: T): void {
    this.root.register(ref.token, { useValue: value });
  }

  /** Makes a service whose instance is specific to each plugin (its storage namespace, say). */
  providePerPlugin<T>(ref: ServiceRef<T>, factory: (plugin: PluginIdentity) => T): void {
    this.scoped.push([ref as ServiceRef<unknown>, factory]);
  }

  /** Registers discovered plugins: refuses invalid manifests, then proceeds as `register`. */
  async registerDiscovered(
    candidates: readonly PluginCandidate[],
    configs: Record<string, unknown> = {},
  ): Promise<void> {
    const entries: PluginEntry[] = [];
    for (const c of candidates) {
      if (!c.manifest.ok) {
        const id = c.packageName ?? c.location;
        this.refuse(
          { id, version: '0.0.0', kind: null, location: c.location },
          new ManifestInvalidError(c.location, c.manifest.issues),
        );
        continue;
      }
      const { manifest } = c.manifest;
      const url = pathToFileURL(join(c.location, manifest.main)).href;
      entries.push({ manifest, location: c.location, load: () => import(url) });
    }
    await this.register(entries, configs);
  }

  /** Checks compatibility and dependencies, loads each module and validates its configuration. */
  async register(entries: readonly PluginEntry[], configs: Record<string, unknown> = {}): Promise<void> {
    const accepted: PluginEntry[] = [];
    for (const entry of entries) {
      const { manifest } = entry;
      const where = { ...manifest, location: entry.location };
      if (this.runtimes.has(manifest.id) || accepted.some((a) => a.manifest.id === manifest.id)) {
        this.refuse(
          where,
          new QmoError(
            ERROR_CODES.DUPLICATE_PLUGIN,
            `plugin "${manifest.id}" is already registered; ignoring ${entry.location}`,
          ),
        );
        continue;
      }
      const incompatible = checkEngineCompatibility(manifest, this.options.sdkVersion);
      if (incompatible) {
        this.refuse(where, incompatible);
        continue;
      }
      accepted.push(entry);
    }

    const known = [...this.runtimes.values()].map((r) => r.manifest);
    const { order, refused } = orderByDependencies([...known, ...accepted.map((a) => a.manifest)]);
    for (const entry of accepted) {
      const error = refused.get(entry.manifest.id);
      if (error) this.refuse({ ...entry.manifest, location: entry.location }, error);
    }

    for (const manifest of order) {
      if (this.runtimes.has(manifest.id)) continue;
      const entry = accepted.find((a) => a.manifest.id === manifest.id);
      if (!entry) continue;
      try {
        // In-process definitions get the same checks as loaded modules (definePlugin mark, kind).
        const definition = pickDefinition(
          entry.definition ? { default: entry.definition } : await entry.load?.(),
          manifest,
        );
        const config = parseConfig(definition, manifest.id, configs[manifest.id]);
        this.runtimes.set(manifest.id, this.createRuntime(manifest, entry.location, definition, config));
        // An earlier refusal of this same package (say, its dependency was missing then) is history now.
        if (this.refused.get(manifest.id)?.location === entry.location) this.refused.delete(manifest.id);
        this.order.push(manifest.id);
        this.emitState(this.runtimes.get(manifest.id)!);
      } catch (error) {
        const reported =
          error instanceof QmoError
            ? error
            : new QmoError(
                ERROR_CODES.PLUGIN_LOAD_FAILED,
                `plugin "${manifest.id}" failed to load: ${errorMessage(error)}`,
                {},
                { cause: error },
              );
        this.refuse({ ...manifest, location: entry.location }, reported);
      }
    }
  }

  /** Starts every loaded plugin in dependency order. A plugin that throws is quarantined; the rest go on. */
  async start(): Promise<void> {
    for (const id of this.order) {
      const runtime = this.runtimes.get(id)!;
      if (runtime.state !== 'loaded' && runtime.state !== 'stopped') continue;
      await this.startRuntime(runtime);
    }
  }

  /** Stops every plugin, dependants first. */
  async stop(): Promise<void> {
    for (const id of [...this.order].reverse()) await this.runtimes.get(id)?.deactivate();
  }

  async disable(id: string): Promise<void> {
    const runtime = this.requireRuntime(id);
    for (const dependant of this.dependantsOf(id)) await this.disable(dependant);
    await runtime.deactivate();
  }

  async enable(id: string): Promise<void> {
    const runtime = this.requireRuntime(id);
    if (runtime.state === 'running') return;
    runtime.error = undefined;
    runtime.faults = 0;
    await this.startRuntime(runtime);
  }

  /** Charges a fault to a plugin; past the threshold it is quarantined. */
  reportFault(id: string, error: unknown): void {
    const runtime = this.runtimes.get(id);
    if (runtime) this.onFault(runtime, error);
  }

  plugins(): PluginReport[] {
    const loaded = [...this.runtimes.values()].map((r) => this.report(r));
    return [...loaded, ...this.refused.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  plugin(id: string): PluginReport | undefined {
    const runtime = this.runtimes.get(id);
    return runtime ? this.report(runtime) : this.refused.get(id);
  }

  /**
   * What a loaded plugin was registered from (manifest, location, definition), to run another
   * instance of it in a kernel of its own (a replay sandbox on virtual time, say); undefined when the
   * plugin is not loaded.
   */
  pluginEntry(id: string): PluginEntry | undefined {
    const runtime = this.runtimes.get(id);
    if (!runtime) return undefined;
    return { manifest: runtime.manifest, location: runtime.location, definition: runtime.definition };
  }

  /** Live resources a plugin still holds (0 after it stopped: nothing leaked). */
  heldResources(id: string): number {
    return this.runtimes.get(id)?.heldResources ?? 0;
  }

  private async startRuntime(runtime: PluginRuntime): Promise<void> {
    const child = this.containers.get(runtime.id)!;
    const identity = { id: runtime.id, version: runtime.manifest.version, kind: runtime.manifest.kind };
    for (const [ref, factory] of this.scoped) {
      if (!child.isRegistered(ref.token))
        child.register(ref.token, { useFactory: instanceCachingFactory(() => factory(identity)) });
    }
    const notRunning = Object.keys(runtime.manifest.requires).find(
      (dep) => this.runtimes.get(dep)?.state !== 'running',
    );
    if (notRunning) {
      await runtime.quarantine(
        new QmoError(
          ERROR_CODES.MISSING_DEPENDENCY,
          `plugin "${runtime.id}" requires "${notRunning}", which is not running`,
        ),
      );
      return;
    }
    try {
      await runtime.activate();
      this.logger.info('plugin started', { plugin: runtime.id, version: runtime.manifest.version });
    } catch (error) {
      this.logger.error('plugin failed to start; quarantined', {
        plugin: runtime.id,
        error: errorMessage(error),
      });
      await runtime.quarantine(error);
    }
  }

  private createRuntime(
    manifest: PluginManifest,
    location: string,
    definition: DefinedPlugin<unknown>,
    config: unknown,
  ): PluginRuntime {
    const child = this.root.createChildContainer();
    const identity = { id: manifest.id, version: manifest.version, kind: manifest.kind };
    // Resolved when first asked for, so services provided after registration still reach the plugin.
    for (const [ref, factory] of this.scoped)
      child.register(ref.token, { useFactory: instanceCachingFactory(() => factory(identity)) });
    this.containers.set(manifest.id, child);
    const logger = this.logger.child({ plugin: manifest.id, pluginVersion: manifest.version });
    return new PluginRuntime(
      manifest,
      location,
      definition,
      config,
      child,
      this.contributions,
      this.clock,
      logger,
      join(this.pluginsDir, manifest.id),
      {
        onFault: (runtime, error) => this.onFault(runtime, error),
        onStateChange: (runtime) => this.emitState(runtime),
      },
    );
  }

  private onFault(runtime: PluginRuntime, error: unknown): void {
    runtime.faults += 1;
    this.logger.warn('plugin fault', {
      plugin: runtime.id,
      faults: runtime.faults,
      error: errorMessage(error),
    });
    if (runtime.faults >= this.faultThreshold && runtime.state !== 'quarantined') {
      const reason = new QmoError(
        ERROR_CODES.PLUGIN_QUARANTINED,
        `quarantined after ${runtime.faults} faults; last: ${errorMessage(error)}`,
      );
      void runtime.quarantine(reason);
    }
  }

  private refuse(
    plugin: {
      id: string;
      version: string;
      kind: PluginKind | null;
      location: string;
      capabilities?: string[];
      requires?: Record<string, string>;
      displayName?: string;
      description?: string;
    },
    error: QmoError,
  ): void {
    this.logger.error('plugin refused', { plugin: plugin.id, code: error.code, error: error.message });
    const report: PluginReport = {
      id: plugin.id,
      version: plugin.version,
      kind: plugin.kind,
      state: 'refused',
      location: plugin.location,
      capabilities: plugin.capabilities ?? [],
      requires: plugin.requires ?? {},
      error: { code: error.code, message: error.message },
      faults: 0,
      ...(plugin.displayName ? { displayName: plugin.displayName } : {}),
      ...(plugin.description ? { description: plugin.description } : {}),
    };
    this.refused.set(
      this.runtimes.has(plugin.id) || this.refused.has(plugin.id)
        ? `${plugin.id}@${plugin.location}`
        : plugin.id,
      report,
    );
    this.bus.emit('plugin.state', {
      id: plugin.id,
      version: plugin.version,
      kind: plugin.kind,
      state: 'refused',
      error: report.error,
    });
  }

  private report(runtime: PluginRuntime): PluginReport {
    const m = runtime.manifest;
    return {
      id: m.id,
      version: m.version,
      kind: m.kind,
      state: runtime.state,
      location: runtime.location,
      capabilities: m.capabilities,
      requires: m.requires,
      faults: runtime.faults,
      ...(m.displayName ? { displayName: m.displayName } : {}),
      ...(m.description ? { description: m.description } : {}),
      ...(runtime.error ? { error: runtime.error } : {}),
    };
  }

  private emitState(runtime: PluginRuntime): void {
    const m = runtime.manifest;
    this.bus.emit('plugin.state', {
      id: m.id,
      version: m.version,
      kind: m.kind,
      state: runtime.state,
      ...(runtime.error ? { error: runtime.error } : {}),
    });
  }

  private requireRuntime(id: string): PluginRuntime {
    const runtime = this.runtimes.get(id);
    if (!runtime) throw new QmoError(ERROR_CODES.NOT_FOUND, `no loaded plugin "${id}"`);
    return runtime;
  }

  private dependantsOf(id: string): string[] {
    return [...this.runtimes.values()]
      .filter((r) => id in r.manifest.requires && r.state === 'running')
      .map((r) => r.id);
  }
}

function pickDefinition(module: unknown, manifest: PluginManifest): DefinedPlugin<unknown> {
  const candidate = (module as { default?: unknown } | undefined)?.default;
  if (!isDefinedPlugin(candidate)) {
    throw new QmoError(
      ERROR_CODES.PLUGIN_LOAD_FAILED,
      `plugin "${manifest.id}": ${manifest.main} does not default-export definePlugin(...)`,
    );
  }
  if (candidate.kind !== manifest.kind) {
    throw new QmoError(
      ERROR_CODES.PLUGIN_LOAD_FAILED,
      `plugin "${manifest.id}": manifest kind "${manifest.kind}" but code defines kind "${candidate.kind}"`,
    );
  }
  return candidate;
}

function parseConfig(definition: DefinedPlugin<unknown>, id: string, raw: unknown): unknown {
  if (!definition.config) return raw;
  const parsed = definition.config.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ConfigInvalidError(
    `invalid configuration for plugin "${id}": ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    issues,
  );
}
