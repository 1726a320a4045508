import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverPlugins, Kernel } from '@qmo/core';
import { SDK_VERSION, silentLogger } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndicatorModules } from '../../src/indicators/indicator-modules.js';
import { REPO_ROOT } from '../integration/test-host.js';

// Inside the repository, so the plugins resolve @qmo/sdk like workspace plugins do.
const WORK = join(REPO_ROOT, '.tmp', `indicator-modules-${process.pid}`);

/** A plugin package whose browser entry is `browser` with the given files. */
function plugin(id: string, browser: string, files: Record<string, string>): string {
  const dir = join(WORK, id);
  mkdirSync(dir, { recursive: true });
  const manifest = { id, kind: 'indicator', engines: { qmo: '^1.0.0' }, main: 'index.js', browser };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: id, version: '1.0.0', type: 'module', qmo: manifest }),
  );
  writeFileSync(
    join(dir, 'index.js'),
    "import { definePlugin } from '@qmo/sdk';\nexport default definePlugin({ kind: 'indicator', activate() {} });\n",
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('indicator browser modules: what a bundle may take in', () => {
  let kernel: Kernel;
  let modules: IndicatorModules;

  beforeAll(async () => {
    mkdirSync(WORK, { recursive: true });
    writeFileSync(join(WORK, 'secret.js'), 'export default "not for browsers";\n');
    const dirs = [
      plugin('t-good', 'browser.js', {
        'browser.js': "import { part } from './part.js';\nexport const indicators = [part];\n",
        'part.js': 'export const part = { id: "part" };\n',
      }),
      plugin('t-escape', 'browser.js', {
        'browser.js': "import secret from '../secret.js';\nexport const indicators = [secret];\n",
      }),
      plugin('t-data', 'browser.js', {
        'browser.js': "import data from './data.json';\nexport const indicators = [data];\n",
        'data.json': '{"token":"x"}',
      }),
      plugin('t-outside-entry', '../secret.js', {}),
    ];
    kernel = new Kernel({ sdkVersion: SDK_VERSION });
    await kernel.registerDiscovered(discoverPlugins({ search: [], load: dirs }, REPO_ROOT));
    await kernel.start();
    modules = new IndicatorModules(kernel, silentLogger);
  });

  afterAll(async () => {
    await kernel?.stop();
    rmSync(WORK, { recursive: true, force: true });
  });

  it('bundles the entry and the files of its own folder', async () => {
    expect(await modules.pathOf('t-good')).toBe('/api/v1/indicator-modules/t-good@1.0.0.js');
    const mod = await modules.module('t-good', '1.0.0');
    expect(mod.code).toContain('"part"');
  });

  it('refuses a relative import that leaves the plugin folder, and data files', async () => {
    await expect(modules.module('t-escape', '1.0.0')).rejects.toMatchObject({
      code: 'QMO_PLUGIN_LOAD_FAILED',
    });
    await expect(modules.module('t-data', '1.0.0')).rejects.toMatchObject({ code: 'QMO_PLUGIN_LOAD_FAILED' });
  });

  it('has no module for an entry outside the plugin folder, another version, or a stopped plugin', async () => {
    expect(await modules.pathOf('t-outside-entry')).toBeNull();
    await expect(modules.module('t-outside-entry', '1.0.0')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    await expect(modules.module('t-good', '2.0.0')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    await kernel.disable('t-good');
    expect(await modules.pathOf('t-good')).toBeNull();
    await expect(modules.module('t-good', '1.0.0')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
  });
});
