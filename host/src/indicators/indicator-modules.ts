import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Kernel } from '@qmo/core';
import { ERROR_CODES, errorMessage, type Logger, NotFoundError, QmoError, SDK_VERSION } from '@qmo/sdk';
import { type BuildOptions, build, type Plugin } from 'esbuild';

/**
 * A plugin's indicators bundled for the browser: one ES module with its dependencies inside, except
 * `zod` and `@qmo/sdk` (its peer dependencies, as in the host), which it imports from the shared
 * runtime modules beside it — one copy for every plugin, as in the host process.
 */
export interface IndicatorModule {
  code: string;
  /** `code` gzip-compressed once. */
  gzip: Buffer;
  /** Strong validator of `code`. */
  etag: string;
}

const require = createRequire(import.meta.url);
const ZOD_VERSION = (require('zod/package.json') as { version: string }).version;

/** The shared runtime modules, by file name: what they re-export. */
const RUNTIME: Record<string, { specifier: string; contents: string }> = {
  [`zod@${ZOD_VERSION}.js`]: {
    specifier: 'zod',
    contents: "export * from 'zod';\nexport { default } from 'zod';\n",
  },
  [`sdk@${SDK_VERSION}.js`]: { specifier: '@qmo/sdk', contents: "export * from '@qmo/sdk';\n" },
};
/** A shared package's runtime file, relative to the folder of the module importing it. */
const runtimeFile = (specifier: string): string | undefined =>
  Object.entries(RUNTIME).find(([, r]) => r.specifier === specifier)?.[0];

/** URL path of the browser module of a plugin version. */
export const indicatorModulePath = (pluginId: string, version: string): string =>
  `/api/v1/indicator-modules/${encodeURIComponent(pluginId)}@${encodeURIComponent(version)}.js`;

/**
 * Bundles the `browser` entry of indicator plugins (manifest field) so the web app runs the same
 * indicator code the host runs. Bundled on first request and kept per plugin version.
 */
export class IndicatorModules {
  private readonly bundles = new Map<string, Promise<IndicatorModule>>();

  constructor(
    private readonly kernel: Kernel,
    private readonly logger: Logger,
  ) {}

  /** The module's URL path for a running plugin that declares a browser entry, else null. */
  pathOf(pluginId: string): string | null {
    const plugin = this.kernel.plugin(pluginId);
    if (plugin?.state !== 'running') return null;
    return this.entryOf(pluginId) ? indicatorModulePath(pluginId, plugin.version) : null;
  }

  /** A shared runtime module (`zod@<version>.js`, `sdk@<version>.js`), or a 404 for another name. */
  runtime(name: string): Promise<IndicatorModule> {
    const runtime = RUNTIME[name];
    if (!runtime) throw new NotFoundError(`no runtime module "${name}"`, { module: name });
    return this.cached(`runtime/${name}`, () =>
      this.build({ stdin: { contents: runtime.contents, resolveDir: HOST_DIR, loader: 'js' } }, [
        shared('./', runtime.specifier),
      ]),
    );
  }

  /** The bundle of `pluginId` at `version` (the running version only). */
  async module(pluginId: string, version: string): Promise<IndicatorModule> {
    const plugin = this.kernel.plugin(pluginId);
    const entry = plugin?.state === 'running' && plugin.version === version ? this.entryOf(pluginId) : null;
    if (!entry) {
      throw new NotFoundError(`plugin "${pluginId}@${version}" has no browser module`, {
        plugin: pluginId,
        version,
      });
    }
    const key = `${pluginId}@${version}`;
    try {
      return await this.cached(key, () => this.bundle(entry.path, entry.location));
    } catch (error) {
      this.logger.error('indicator module failed to bundle', { plugin: key, error: errorMessage(error) });
      throw new QmoError(
        ERROR_CODES.PLUGIN_LOAD_FAILED,
        `the browser module of plugin "${key}" could not be built`,
        {
          plugin: pluginId,
          version,
        },
      );
    }
  }

  /** Built once per key; a failed build is tried again on the next request (the plugin may be fixed). */
  private cached(key: string, make: () => Promise<IndicatorModule>): Promise<IndicatorModule> {
    let bundle = this.bundles.get(key);
    if (!bundle) {
      bundle = make();
      this.bundles.set(key, bundle);
      bundle.catch(() => this.bundles.delete(key));
    }
    return bundle;
  }

  /** The plugin's browser entry from the manifest the kernel loaded, when it lies in the plugin's folder. */
  private entryOf(pluginId: string): { path: string; location: string } | null {
    const loaded = this.kernel.pluginEntry(pluginId);
    const browser = loaded?.manifest.browser;
    if (!loaded || !browser) return null;
    const path = resolve(loaded.location, browser);
    return isInside(loaded.location, path) ? { path, location: loaded.location } : null;
  }

  private bundle(entry: string, location: string): Promise<IndicatorModule> {
    return this.build({ entryPoints: [entry], absWorkingDir: location }, [
      shared('./runtime/'),
      confined(location),
    ]);
  }

  private async build(
    input: Pick<BuildOptions, 'entryPoints' | 'stdin' | 'absWorkingDir'>,
    plugins: Plugin[],
  ): Promise<IndicatorModule> {
    const result = await build({
      ...input,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      legalComments: 'eof',
      logLevel: 'silent',
      plugins,
    });
    const code = result.outputFiles[0]?.text ?? '';
    return {
      code,
      gzip: gzipSync(code, { level: 9 }),
      etag: `"${createHash('sha256').update(code).digest('base64url')}"`,
    };
  }
}

/** This module's folder: the shared runtime resolves zod and the SDK as the host does. */
const HOST_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * `zod` and `@qmo/sdk` imported from the shared runtime files in `folder` (a relative URL) instead
 * of bundled; `own` (the package a runtime file itself holds) is bundled.
 */
function shared(folder: string, own?: string): Plugin {
  return {
    name: 'qmo-shared-runtime',
    setup(build) {
      build.onResolve({ filter: /^(zod|@qmo\/sdk)$/ }, (args) => {
        const file = args.path === own ? undefined : runtimeFile(args.path);
        return file ? { path: `${folder}${file}`, external: true } : undefined;
      });
    },
  };
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * What a browser module may take in (it is served to anyone who may read indicators): code only, and
 * the plugin's own files reach no file outside its folder by a relative or absolute path (packages it
 * imports by name are its dependencies).
 */
function confined(location: string): Plugin {
  return {
    name: 'qmo-confined',
    setup(build) {
      build.onResolve({ filter: /^(\.|\/)/ }, (args) => {
        const own =
          args.importer !== '' &&
          isInside(location, args.importer) &&
          !args.importer.includes('node_modules');
        if (!own || isInside(location, resolve(dirname(args.importer), args.path))) return undefined;
        return { errors: [{ text: `${args.path} is outside the plugin's folder` }] };
      });
      build.onLoad({ filter: /\.(json|txt|css|html|env|pem|key|crt)$/ }, (args) => ({
        errors: [{ text: `${args.path}: a browser module bundles code only` }],
      }));
    },
  };
}
