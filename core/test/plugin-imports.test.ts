/**
 * DESIGN: "A plugin imports @qmo/sdk and nothing else of ours (the SDK is its peerDependency)."
 * Scans the first-party plugins and the templates, and proves on synthetic trees that the scan catches violations.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const SOURCE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);

/** A folder's files, recursively, skipping build output and dependencies. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...walk(path));
    } else out.push(path);
  }
  return out;
}

/** Every module specifier in a source text: static and dynamic imports, re-exports, require(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
    /\brequire\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[2]!);
  return found;
}

const isOurs = (spec: string) => spec.startsWith('@qmo/');
const isSdk = (spec: string) => spec === '@qmo/sdk' || spec.startsWith('@qmo/sdk/');

/** Violations of the import rule among the source files of one plugin folder. */
function importViolations(pluginDir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!SOURCE.test(file)) continue;
    const where = relative(repoRoot, file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (isOurs(spec) && !isSdk(spec))
        problems.push(`${where}: imports "${spec}" (only @qmo/sdk is allowed)`);
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (target !== pluginDir && !target.startsWith(pluginDir + sep)) {
          problems.push(`${where}: relative import "${spec}" leaves the plugin folder`);
        }
      }
    }
  }
  return problems;
}

type DepMap = Record<string, string> | undefined;
interface Pkg {
  dependencies?: DepMap;
  devDependencies?: DepMap;
  peerDependencies?: DepMap;
  optionalDependencies?: DepMap;
  bundleDependencies?: string[];
  bundledDependencies?: string[];
}

/** Violations of the dependency rule in one plugin's package.json. */
function packageViolations(pkgPath: string, pkg: Pkg): string[] {
  const where = relative(repoRoot, pkgPath);
  const problems: string[] = [];
  const ours = (deps: DepMap) => Object.keys(deps ?? {}).filter(isOurs);
  for (const field of ['dependencies', 'optionalDependencies'] as const) {
    for (const name of ours(pkg[field]))
      problems.push(`${where}: ${field} lists ${name} (the SDK is a peerDependency; nothing else of ours)`);
  }
  for (const field of ['bundleDependencies', 'bundledDependencies'] as const) {
    for (const name of (pkg[field] ?? []).filter(isOurs)) problems.push(`${where}: ${field} lists ${name}`);
  }
  for (const field of ['peerDependencies', 'devDependencies'] as const) {
    for (const name of ours(pkg[field]).filter((n) => n !== '@qmo/sdk'))
      problems.push(`${where}: ${field} lists ${name}`);
  }
  if (!pkg.peerDependencies?.['@qmo/sdk']) problems.push(`${where}: @qmo/sdk is not a peerDependency`);
  return problems;
}

interface PluginFolder {
  dir: string;
  sources: string[];
  packageJson: string | undefined;
}

/** The plugin folders of a repository: plugins/<id>/ (src only) and templates/<kind>/ (all of it). */
function pluginFolders(root: string): PluginFolder[] {
  const folders: PluginFolder[] = [];
  const subdirs = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .map((n) => join(dir, n))
          .filter((p) => statSync(p).isDirectory())
      : [];
  for (const dir of subdirs(join(root, 'plugins'))) {
    const pkg = join(dir, 'package.json');
    folders.push({ dir, sources: walk(join(dir, 'src')), packageJson: existsSync(pkg) ? pkg : undefined });
  }
  for (const dir of subdirs(join(root, 'templates'))) {
    const pkg = ['package.json', 'package.json.tmpl'].map((n) => join(dir, n)).find((p) => existsSync(p));
    folders.push({ dir, sources: walk(dir), packageJson: pkg });
  }
  // Loose scripts at the top of templates/ (the `create` script) must not import engine packages either.
  const templates = join(root, 'templates');
  if (existsSync(templates)) {
    const loose = readdirSync(templates)
      .map((n) => join(templates, n))
      .filter((p) => statSync(p).isFile());
    folders.push({ dir: templates, sources: loose, packageJson: undefined });
  }
  return folders;
}

function check(root: string): string[] {
  const problems: string[] = [];
  for (const folder of pluginFolders(root)) {
    problems.push(...importViolations(folder.dir, folder.sources));
    if (folder.packageJson)
      problems.push(
        ...packageViolations(folder.packageJson, JSON.parse(readFileSync(folder.packageJson, 'utf8')) as Pkg),
      );
  }
  return problems;
}

describe('plugins import @qmo/sdk and nothing else of ours', () => {
  it('every first-party plugin and template complies', () => {
    const folders = pluginFolders(repoRoot);
    // the repository has plugins; an empty scan would prove nothing
    expect(folders.filter((f) => f.dir.includes(`${sep}plugins${sep}`)).length).toBeGreaterThan(0);
    expect(check(repoRoot)).toEqual([]);
  });

  it('every plugin package lists @qmo/sdk as a peerDependency', () => {
    const packages = pluginFolders(repoRoot).filter(
      (f) => f.dir.includes(`${sep}plugins${sep}`) && f.packageJson,
    );
    expect(packages.length).toBeGreaterThan(0);
    for (const f of packages) {
      const pkg = JSON.parse(readFileSync(f.packageJson!, 'utf8')) as Pkg;
      expect(pkg.peerDependencies?.['@qmo/sdk'], f.packageJson).toBeTruthy();
    }
  });
});

describe('the import scan itself', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'qmo-imports-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }
  const goodPkg = JSON.stringify({
    name: '@qmo/plugin-x',
    peerDependencies: { '@qmo/sdk': '^1.0.0' },
    devDependencies: { '@qmo/sdk': '1.0.0' },
  });

  it('finds every form of specifier', () => {
    const text = [
      "import { a } from '@qmo/sdk';",
      'import type { B } from "@qmo/core";',
      "import {\n  c,\n  d,\n} from '@qmo/host/server';",
      "import '@qmo/ui/styles.css';",
      "export * from './local.js';",
      "export { e } from '../../../core/src/kernel/kernel.js';",
      "const f = await import('@qmo/bench');",
      "const g = require('@qmo/core');",
    ].join('\n');
    expect(specifiers(text)).toEqual(
      expect.arrayContaining([
        '@qmo/sdk',
        '@qmo/core',
        '@qmo/host/server',
        '@qmo/ui/styles.css',
        './local.js',
        '../../../core/src/kernel/kernel.js',
        '@qmo/bench',
      ]),
    );
  });

  it('accepts @qmo/sdk, its sub-paths, third-party packages and relative imports inside the plugin', () => {
    const root = tree({
      'plugins/ok/package.json': goodPkg,
      'plugins/ok/src/index.ts':
        "import { definePlugin } from '@qmo/sdk';\nimport { FakeClock } from '@qmo/sdk/testing';\nimport { z } from 'zod';\nimport { x } from './inner/x.js';\nimport { y } from '../src/y.js';\n",
    });
    expect(check(root)).toEqual([]);
  });

  it('catches another @qmo package, a deep import and a relative path out of the plugin', () => {
    const root = tree({
      'plugins/bad/package.json': goodPkg,
      'plugins/bad/src/index.ts': "import { Kernel } from '@qmo/core';\n",
      'plugins/bad/src/deep/x.ts':
        "export { EventBus } from '../../../../core/src/bus/event-bus.js';\nconst h = await import('@qmo/host');\n",
      'plugins/bad/src/sibling.ts': "import { other } from '../../other-plugin/src/index.js';\n",
      'templates/venue/src/index.ts': "import { Kernel } from '@qmo/core';\n",
    });
    const problems = check(root);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/plugins\/bad\/src\/index\.ts: imports "@qmo\/core"/);
    expect(problems.join('\n')).toMatch(/leaves the plugin folder/);
    expect(problems.join('\n')).toMatch(/"@qmo\/host"/);
    expect(problems.join('\n')).toMatch(/templates\/venue\/src\/index\.ts/);
  });

  it('catches @qmo packages among dependencies and a missing SDK peer', () => {
    const root = tree({
      'plugins/deps/package.json': JSON.stringify({
        dependencies: { '@qmo/sdk': '1.0.0', zod: '^4' },
        peerDependencies: { '@qmo/core': '^1.0.0' },
        devDependencies: { '@qmo/host': '1.0.0' },
      }),
      'plugins/deps/src/index.ts': "import { definePlugin } from '@qmo/sdk';\n",
    });
    const problems = check(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/dependencies lists @qmo\/sdk/),
        expect.stringMatching(/peerDependencies lists @qmo\/core/),
        expect.stringMatching(/devDependencies lists @qmo\/host/),
        expect.stringMatching(/@qmo\/sdk is not a peerDependency/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});
