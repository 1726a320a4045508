export { type ConfigOverrides, type LoadedConfig, loadConfig, resolveConfig } from './config/load-config.js';
export { type Branding, defineConfig, type QmoConfig, type QmoConfigInput } from './config/schema.js';
export { type HostOptions, type RunningHost, startHost } from './create-host.js';
export { createLogger } from './observability/logger.js';
