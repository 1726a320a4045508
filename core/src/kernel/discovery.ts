import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { type ManifestResult, type PluginPackageJson, readManifest } from '@qmo/sdk';

/** Where to look for plugins; relative paths are resolved against the configuration's folder. */
export interface PluginSources {
  /** Folders whose sub-folders are plugin packages (e.g. "./plugins"). */
  search?: string[];
  /** Explicit plugin packages: a path ("./my-plugin") or an installed package name ("@acme/qmo-venue-x"). */
  load?: string[];
}

export interface PluginCandidate {
  /** Folder of the plugin's package. */
  location: string;
  packageName: string | undefined;
  manifest: ManifestResult;
  /** How it was found, for messages. */
  origin: string;
}

/** Finds plugin packages and reads their manifests, without running any plugin code. */
export function discoverPlugins(sources: PluginSources, baseDir: string): PluginCandidate[] {
  const candidates: PluginCandidate[] = [];
  const seen = new Set<string>();
  const add = (location: string, origin: string) => {
    if (seen.has(location)) return;
    seen.add(location);
    candidates.push(readCandidate(location, origin));
  };

  for (const folder of sources.search ?? []) {
    const dir = resolve(baseDir, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const location = join(dir, name);
      if (!statSync(location).isDirectory() || !existsSync(join(location, 'package.json'))) continue;
      const pkg = readPackageJson(location);
      if (pkg.qmo) add(location, `search ${folder}`);
    }
  }
  for (const spec of sources.load ?? []) {
    try {
      add(resolvePackageFolder(spec, baseDir), spec);
    } catch (error) {
      candidates.push({
        location: spec,
        packageName: spec,
        manifest: {
          ok: false,
          issues: [
            { path: 'load', message: `cannot find plugin package "${spec}": ${(error as Error).message}` },
          ],
        },
        origin: spec,
      });
    }
  }
  return candidates;
}

function readCandidate(location: string, origin: string): PluginCandidate {
  try {
    const pkg = readPackageJson(location);
    return { location, packageName: pkg.name, manifest: readManifest(pkg), origin };
  } catch (error) {
    return {
      location,
      packageName: undefined,
      manifest: { ok: false, issues: [{ path: 'package.json', message: (error as Error).message }] },
      origin,
    };
  }
}

function readPackageJson(location: string): PluginPackageJson {
  return JSON.parse(readFileSync(join(location, 'package.json'), 'utf8')) as PluginPackageJson;
}

function resolvePackageFolder(spec: string, baseDir: string): string {
  if (spec.startsWith('.') || spec.startsWith('/')) return resolve(baseDir, spec);
  const require = createRequire(join(baseDir, 'noop.js'));
  try {
    return dirname(require.resolve(`${spec}/package.json`));
  } catch {
    // The package does not export its package.json: walk up from its entry point.
    let dir = dirname(require.resolve(spec));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}
