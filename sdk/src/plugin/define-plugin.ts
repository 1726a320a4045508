import type { z } from 'zod';
import type { PluginContext } from './context.js';
import type { PluginKind } from './manifest.js';

const PLUGIN_MARK = Symbol.for('qmo.plugin-definition');

export interface PluginDefinition<C = unknown> {
  /** Must equal the manifest's kind. */
  readonly kind: PluginKind;
  /** Validates and defaults the configuration the host passes; absent means no configuration. */
  readonly config?: z.ZodType<C>;
  /** Registers contributions and starts work. Throwing here quarantines the plugin. */
  activate(context: PluginContext<C>): void | Promise<void>;
  /** Drains before the host releases the plugin's disposables. */
  deactivate?(context: PluginContext<C>): void | Promise<void>;
}

export interface DefinedPlugin<C = unknown> extends PluginDefinition<C> {
  readonly [PLUGIN_MARK]: true;
}

/** The default export of every plugin's entry module. */
export function definePlugin<C = undefined>(definition: PluginDefinition<C>): DefinedPlugin<C> {
  return Object.freeze({ ...definition, [PLUGIN_MARK]: true as const });
}

export function isDefinedPlugin(value: unknown): value is DefinedPlugin<unknown> {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_MARK] === true
  );
}
