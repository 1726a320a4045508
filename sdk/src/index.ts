export * from './domain/index.js';
export * from './plugin/index.js';
export { SDK_VERSION } from './version.js';
