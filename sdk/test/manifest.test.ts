import { describe, expect, it } from 'vitest';
import { type ManifestResult, manifestSchema, type PluginPackageJson, readManifest } from '../src/index.js';

const good = (): PluginPackageJson => ({
  name: '@acme/qmo-feed-cme',
  version: '2.3.4',
  description: 'CME market data',
  qmo: {
    id: 'feed-cme',
    kind: 'feed',
    displayName: 'CME',
    main: 'dist/plugin.js',
    engines: { qmo: '^1.0.0' },
    requires: { 'venue-sim': '^1.2.0' },
    capabilities: ['marketdata:publish', 'net:datamine.cmegroup.com', 'net:*', 'storage'],
    config: { type: 'object' },
  },
});

/** The issues of a refused manifest; fails the test when it was accepted. */
function issuesOf(result: ManifestResult): { path: string; message: string }[] {
  if (result.ok) throw new Error(`manifest unexpectedly accepted: ${JSON.stringify(result.manifest)}`);
  return result.issues;
}

function withQmo(patch: Record<string, unknown>, pkg: PluginPackageJson = good()): PluginPackageJson {
  return { ...pkg, qmo: { ...pkg.qmo, ...patch } };
}

describe('readManifest', () => {
  it('accepts a good package.json and applies defaults', () => {
    const result = readManifest(good());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest).toEqual({
      id: 'feed-cme',
      kind: 'feed',
      version: '2.3.4',
      displayName: 'CME',
      description: 'CME market data',
      main: 'dist/plugin.js',
      engines: { qmo: '^1.0.0' },
      requires: { 'venue-sim': '^1.2.0' },
      capabilities: ['marketdata:publish', 'net:datamine.cmegroup.com', 'net:*', 'storage'],
      config: { type: 'object' },
    });
  });

  it('takes the version from the package and defaults main, requires and capabilities', () => {
    const result = readManifest({
      name: 'x',
      version: '0.4.0-beta.1',
      qmo: { id: 'algo-twap', kind: 'algo', engines: { qmo: '1.x' } },
    });
    expect(result).toEqual({
      ok: true,
      manifest: {
        id: 'algo-twap',
        kind: 'algo',
        version: '0.4.0-beta.1',
        main: 'dist/index.js',
        engines: { qmo: '1.x' },
        requires: {},
        capabilities: [],
      },
    });
  });

  it('prefers the manifest description over the package one', () => {
    const result = readManifest(withQmo({ description: 'own words' }));
    expect(result.ok && result.manifest.description).toBe('own words');
  });

  it('accepts an explicit qmo.version equal to the package version', () => {
    expect(readManifest(withQmo({ version: '2.3.4' })).ok).toBe(true);
  });

  it('refuses a qmo.version that differs from the package version', () => {
    expect(issuesOf(readManifest(withQmo({ version: '9.9.9' })))).toEqual([
      { path: 'qmo.version', message: 'differs from package version 2.3.4' },
    ]);
  });

  it('refuses a package without a qmo object', () => {
    expect(issuesOf(readManifest({ name: 'x', version: '1.0.0' }))[0]?.path).toBe('qmo');
    expect(issuesOf(readManifest({ name: 'x', version: '1.0.0', qmo: 'feed' as never }))[0]?.path).toBe(
      'qmo',
    );
  });

  it('refuses a package without any version', () => {
    const pkg = good();
    delete pkg.version;
    expect(issuesOf(readManifest(pkg)).map((i) => i.path)).toEqual(['qmo.version']);
  });

  it('refuses a package version that is not semver', () => {
    expect(issuesOf(readManifest({ ...good(), version: '1.0' })).map((i) => i.path)).toEqual(['qmo.version']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['id not kebab-case', { id: 'Feed_CME' }, 'qmo.id'],
    ['id starting with a digit', { id: '1feed' }, 'qmo.id'],
    ['id missing', { id: undefined }, 'qmo.id'],
    ['unknown kind', { kind: 'strategy' }, 'qmo.kind'],
    ['missing engines', { engines: undefined }, 'qmo.engines'],
    ['engines without qmo', { engines: {} }, 'qmo.engines.qmo'],
    ['engines with another key', { engines: { qmo: '^1.0.0', node: '>=20' } }, 'qmo.engines'],
    ['engines range "*"', { engines: { qmo: '*' } }, 'qmo.engines.qmo'],
    ['engines range "x"', { engines: { qmo: 'x' } }, 'qmo.engines.qmo'],
    ['engines range ">=0"', { engines: { qmo: '>=0' } }, 'qmo.engines.qmo'],
    ['engines range ">=0.0.0"', { engines: { qmo: '>=0.0.0' } }, 'qmo.engines.qmo'],
    ['engines range empty', { engines: { qmo: '' } }, 'qmo.engines.qmo'],
    ['engines range "latest"', { engines: { qmo: 'latest' } }, 'qmo.engines.qmo'],
    ['unknown capability', { capabilities: ['orders:submit', 'launch:missiles'] }, 'qmo.capabilities.1'],
    ['bad net capability', { capabilities: ['net:Bad Host'] }, 'qmo.capabilities.0'],
    ['requires a bad id', { requires: { Bad_Id: '^1.0.0' } }, 'qmo.requires.Bad_Id'],
    ['requires an empty range', { requires: { 'venue-sim': '' } }, 'qmo.requires.venue-sim'],
    ['empty main', { main: '' }, 'qmo.main'],
    ['config not an object', { config: 'yes' }, 'qmo.config'],
    ['empty displayName', { displayName: '' }, 'qmo.displayName'],
  ])('refuses %s with path %s', (_what, patch, path) => {
    const issues = issuesOf(readManifest(withQmo(patch)));
    expect(issues.map((i) => i.path)).toContain(path);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('refuses unknown manifest keys, naming them', () => {
    const issues = issuesOf(readManifest(withQmo({ permissions: ['all'] })));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('qmo');
    expect(issues[0]?.message).toContain('permissions');
  });

  it('explains what a range without a major should look like', () => {
    const issues = issuesOf(readManifest(withQmo({ engines: { qmo: '*' } })));
    expect(issues[0]?.message).toMatch(/major/);
  });

  it.each(['^1.0.0', '~1.4', '1.x', '>=1.0.0 <2.0.0', '1', '^0.3.0'])(
    'accepts the engines range %s',
    (range) => {
      expect(readManifest(withQmo({ engines: { qmo: range } })).ok).toBe(true);
    },
  );

  it('is what manifestSchema.parse accepts too', () => {
    const manifest = manifestSchema.parse({
      id: 'risk-max-qty',
      kind: 'risk',
      version: '1.0.0',
      engines: { qmo: '^1.0.0' },
    });
    expect(manifest.requires).toEqual({});
    expect(manifest.capabilities).toEqual([]);
    expect(() => manifestSchema.parse({ id: 'risk-max-qty', kind: 'risk', version: '1.0.0' })).toThrow();
  });
});
