export type { BarStore } from './bar-store.js';
export type { PluginStorageProvider } from './plugin-storage-provider.js';
