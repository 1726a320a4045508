import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PluginManifest, type PluginPackageJson, readManifest } from '../plugin/manifest.js';

/**
 * Reads a plugin's package.json and its manifest, as the host reads them (without running the
 * plugin). Throws with the issues when the manifest is invalid.
 *
 * @example readPluginPackage(new URL('../package.json', import.meta.url))
 */
export function readPluginPackage(packageJson: URL | string): {
  packageJson: PluginPackageJson;
  manifest: PluginManifest;
} {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as PluginPackageJson;
  const result = readManifest(pkg);
  if (!result.ok) throw new Error(`invalid manifest: ${JSON.stringify(result.issues)}`);
  return { packageJson: pkg, manifest: result.manifest };
}

const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

/**
 * Checks that every `.ts` file under `sourceDir` (recursively) imports only relative `.js` modules
 * and the packages `allowed` names (exactly, or matched by a RegExp) — a plugin depends on
 * `@qmo/sdk`, never on the host's packages. Throws listing every other import, or when the folder
 * holds no `.ts` file at all.
 */
export function checkPluginImports(sourceDir: URL | string, allowed: readonly (string | RegExp)[]): void {
  const dir = typeof sourceDir === 'string' ? sourceDir : fileURLToPath(sourceDir);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  if (files.length === 0) throw new Error(`no .ts file under ${dir}`);
  const ok = (specifier: string) =>
    /^\.\.?\/.*\.js$/.test(specifier) ||
    allowed.some((a) => (typeof a === 'string' ? a === specifier : a.test(specifier)));
  const offending: string[] = [];
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of source.matchAll(IMPORT))
      if (specifier !== undefined && !ok(specifier)) offending.push(`${file} imports ${specifier}`);
  }
  if (offending.length > 0)
    throw new Error(`imports outside ${allowed.join(', ')}:\n  ${offending.join('\n  ')}`);
}
