import { definePlugin, extensionPoints } from '@qmo/sdk';
import { __CAMEL__ } from './__ID__.js';

/** The plugin: contributes one indicator. Everything registered here is released when the host stops it. */
export default definePlugin({
  kind: 'indicator',
  activate(context) {
    context.register(extensionPoints.indicators, __CAMEL__);
  },
});

export { __CAMEL__ };
