import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionPoints, type ManifestResult } from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPlugins, Kernel } from '../src/index.js';
import { recordStates, SDK } from './helpers.js';

const fixtures = fileURLToPath(new URL('./fixtures/plugins/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

const tmpDirs: string[] = [];
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes plugin packages into a fresh tmp folder: name → package.json (+ optional index.js). */
function tmpPlugins(packages: Record<string, { pkg: unknown; index?: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'qmo-plugins-'));
  tmpDirs.push(root);
  for (const [name, { pkg, index }] of Object.entries(packages)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'package.json'), JSON.stringify(pkg, null, 2));
    if (index !== undefined) writeFileSync(join(root, name, 'index.js'), index);
  }
  return root;
}

const pkg = (qmo: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: `@tmp/${String(qmo.id ?? 'anon')}`,
  version: '1.0.0',
  type: 'module',
  ...extra,
  qmo: { kind: 'indicator', main: 'index.js', engines: { qmo: '^1.0.0' }, ...qmo },
});

function issuesOf(result: ManifestResult | undefined): { path: string; message: string }[] {
  return result && !result.ok ? result.issues : [];
}

function newKernel() {
  const clock = new FakeClock(0);
  return { kernel: new Kernel({ sdkVersion: SDK, clock }), clock };
}

describe('discoverPlugins', () => {
  it('finds plugin packages in a search folder and skips packages without a manifest', () => {
    const found = discoverPlugins(
      { search: ['./fixtures/plugins'] },
      fileURLToPath(new URL('.', import.meta.url)),
    );
    const names = found.map((c) => c.packageName);
    expect(names).toEqual([
      '@fixture/dependent-indicator',
      '@fixture/good-indicator',
      '@fixture/not-defined',
      '@fixture/throws-on-import',
      '@fixture/wrong-kind',
    ]);
    const good = found.find((c) => c.packageName === '@fixture/good-indicator');
    expect(good?.location).toBe(fixture('good-indicator'));
    expect(good?.origin).toBe('search ./fixtures/plugins');
    expect(good?.manifest).toEqual({
      ok: true,
      manifest: {
        id: 'fixture-good',
        kind: 'indicator',
        version: '1.2.0',
        description: 'A well-formed indicator plugin used by the kernel tests',
        main: 'index.js',
        engines: { qmo: '^1.0.0' },
        requires: {},
        capabilities: [],
      },
    });
  });

  it('loads explicit paths once, and reports a package that cannot be found', () => {
    const found = discoverPlugins(
      {
        search: [fixtures],
        load: ['./good-indicator', fixture('good-indicator'), '@acme/not-installed-anywhere'],
      },
      fixtures,
    );
    expect(found.filter((c) => c.location === fixture('good-indicator'))).toHaveLength(1);
    const missing = found.find((c) => c.origin === '@acme/not-installed-anywhere');
    expect(missing?.manifest.ok).toBe(false);
    expect(issuesOf(missing?.manifest)[0]?.path).toBe('load');
    expect(issuesOf(missing?.manifest)[0]?.message).toContain('@acme/not-installed-anywhere');
  });

  it('ignores a search folder that does not exist', () => {
    expect(discoverPlugins({ search: ['./no/such/folder'] }, fixtures)).toEqual([]);
  });

  it('reports an unreadable package.json instead of throwing', () => {
    const root = tmpPlugins({});
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'package.json'), '{ "name": "broken", ');
    const [candidate] = discoverPlugins({ load: ['./broken'] }, root);
    expect(candidate?.manifest.ok).toBe(false);
    expect(issuesOf(candidate?.manifest)[0]?.path).toBe('package.json');
  });
});

describe('Kernel.registerDiscovered', () => {
  it('loads, configures and starts a good plugin from its package; stop leaks nothing', async () => {
    const { kernel, clock } = newKernel();
    await kernel.registerDiscovered(discoverPlugins({ load: ['./good-indicator'] }, fixtures), {
      'fixture-good': { length: 5 },
    });
    await kernel.start();
    const report = kernel.plugin('fixture-good');
    expect(report).toMatchObject({ state: 'running', version: '1.2.0', location: fixture('good-indicator') });
    const [contribution] = kernel.contributions.list(extensionPoints.indicators);
    expect(contribution?.pluginId).toBe('fixture-good');
    expect(contribution?.pluginVersion).toBe('1.2.0');
    expect(contribution?.value.name).toBe('Fixture SMA 5');
    expect(clock.pendingTimers).toBe(1);
    await kernel.stop();
    expect(kernel.heldResources('fixture-good')).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(kernel.contributions.list(extensionPoints.indicators)).toEqual([]);
  });

  it('refuses invalid config of a discovered plugin naming the key', async () => {
    const { kernel } = newKernel();
    await kernel.registerDiscovered(discoverPlugins({ load: ['./good-indicator'] }, fixtures), {
      'fixture-good': { length: 0 },
    });
    expect(kernel.plugin('fixture-good')?.error).toMatchObject({ code: 'QMO_CONFIG_INVALID' });
    expect(kernel.plugin('fixture-good')?.error?.message).toContain('length');
  });

  it('refuses a module that does not default-export definePlugin(...)', async () => {
    const { kernel } = newKernel();
    await kernel.registerDiscovered(discoverPlugins({ load: ['./not-defined'] }, fixtures));
    const report = kernel.plugin('fixture-not-defined');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_PLUGIN_LOAD_FAILED');
    expect(report?.error?.message).toContain('index.js does not default-export definePlugin');
  });

  it('refuses a module whose code kind differs from its manifest kind', async () => {
    const { kernel } = newKernel();
    await kernel.registerDiscovered(discoverPlugins({ load: ['./wrong-kind'] }, fixtures));
    const report = kernel.plugin('fixture-wrong-kind');
    expect(report?.state).toBe('refused');
    expect(report?.error?.message).toContain('manifest kind "feed" but code defines kind "indicator"');
  });

  it('refuses a module that throws on import; its dependants do not start', async () => {
    const root = tmpPlugins({
      dependant: {
        pkg: pkg({ id: 'tmp-dependant', requires: { 'fixture-throws': '^1.0.0' } }),
        index:
          "export default Object.freeze({ kind: 'indicator', activate() {}, [Symbol.for('qmo.plugin-definition')]: true });\n",
      },
    });
    const { kernel } = newKernel();
    let activated = false;
    kernel.bus.on('plugin.state', (s) => {
      if (s.id === 'tmp-dependant' && s.state === 'running') activated = true;
    });
    await kernel.registerDiscovered(
      discoverPlugins({ load: [join(root, 'dependant'), './throws-on-import'] }, fixtures),
    );
    await kernel.start();
    const report = kernel.plugin('fixture-throws');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_PLUGIN_LOAD_FAILED');
    expect(report?.error?.message).toContain('fixture module exploded on import');
    const dependant = kernel.plugin('tmp-dependant');
    expect(dependant?.state).not.toBe('running');
    expect(dependant?.error?.code).toBe('QMO_MISSING_DEPENDENCY');
    expect(dependant?.error?.message).toContain('fixture-throws');
    expect(activated).toBe(false);
  });

  it('orders discovered plugins by requires whatever the folder order', async () => {
    const { kernel } = newKernel();
    const states = recordStates(kernel);
    await kernel.registerDiscovered(
      discoverPlugins({ load: ['./dependent-indicator', './good-indicator'] }, fixtures),
    );
    await kernel.start();
    expect(kernel.plugin('fixture-dependent')?.state).toBe('running');
    const running = states.filter((s) => s.state === 'running').map((s) => s.id);
    expect(running).toEqual(['fixture-good', 'fixture-dependent']);
    await kernel.stop();
  });

  it('refuses invalid manifests with the path of the problem; valid neighbours still load', async () => {
    const root = tmpPlugins({
      'bad-id': { pkg: pkg({ id: 'Bad_Id' }) },
      'no-engines': { pkg: pkg({ id: 'no-engines', engines: undefined }) },
      'star-range': { pkg: pkg({ id: 'star-range', engines: { qmo: '*' } }) },
      'bad-kind': { pkg: pkg({ id: 'bad-kind', kind: 'strategy' }) },
      // A plugin outside the repository cannot resolve @qmo/sdk: this one imports nothing and
      // carries the definePlugin mark itself.
      fine: {
        pkg: pkg({ id: 'tmp-fine' }),
        index:
          "export default Object.freeze({ kind: 'indicator', activate() {}, [Symbol.for('qmo.plugin-definition')]: true });\n",
      },
    });
    const { kernel } = newKernel();
    const states = recordStates(kernel);
    await kernel.registerDiscovered(discoverPlugins({ search: [root] }, root));
    await kernel.start();
    const refusedBy = (name: string) => kernel.plugins().find((p) => p.id === name);
    const expectations: [string, string][] = [
      ['@tmp/Bad_Id', 'qmo.id'],
      ['@tmp/no-engines', 'qmo.engines'],
      ['@tmp/star-range', 'qmo.engines.qmo'],
      ['@tmp/bad-kind', 'qmo.kind'],
    ];
    for (const [id, path] of expectations) {
      const report = refusedBy(id);
      expect(report?.state, id).toBe('refused');
      expect(report?.error?.code, id).toBe('QMO_MANIFEST_INVALID');
      expect(report?.error?.message, id).toContain(`${path}:`);
      expect(report?.location, id).toContain(root);
    }
    expect(refusedBy('@tmp/star-range')?.error?.message).toMatch(/major/);
    expect(kernel.plugin('tmp-fine')?.state).toBe('running');
    expect(states.filter((s) => s.state === 'refused')).toHaveLength(4);
  });

  it('refuses an incompatible discovered plugin before importing its code', async () => {
    const root = tmpPlugins({
      future: {
        pkg: pkg({ id: 'tmp-future', engines: { qmo: '^3.0.0' } }),
        index: "throw new Error('must not be imported');\n",
      },
    });
    const { kernel } = newKernel();
    await kernel.registerDiscovered(discoverPlugins({ search: [root] }, root));
    const report = kernel.plugin('tmp-future');
    expect(report?.error?.code).toBe('QMO_INCOMPATIBLE_ENGINE');
    expect(report?.error?.message).toBe(
      `plugin "tmp-future" requires QMO SDK ^3.0.0, this host provides ${SDK}`,
    );
  });
});
