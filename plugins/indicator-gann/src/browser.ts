/** The indicators of this plugin for the web app: the same code the host runs, without Node built-ins. */
export { gannIndicators as indicators } from './index.js';
