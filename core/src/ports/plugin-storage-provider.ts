import type { PluginStorage } from '@qmo/sdk';

/** Gives each plugin its own persistent key/value namespace. */
export interface PluginStorageProvider {
  forPlugin(pluginId: string): PluginStorage;
}
