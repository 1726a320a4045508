export { defineConfig, type QmoConfig, type QmoConfigInput, type Branding } from './config/schema.js';
export { loadConfig, resolveConfig, type LoadedConfig, type ConfigOverrides } from './config/load-config.js';
export { startHost, type HostOptions, type RunningHost } from './create-host.js';
export { createLogger } from './observability/logger.js';
