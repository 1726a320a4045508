import { __CAMEL__ } from './__ID__.js';

/**
 * The indicators for the web app (manifest field "browser"): the host bundles this module and the
 * chart runs the same code in the browser. Keep it free of Node built-ins.
 */
export const indicators = [__CAMEL__];
