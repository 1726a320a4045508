import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Kernel } from '@qmo/core';
import { ERROR_CODES, errorMessage, type Logger, NotFoundError, QmoError, readManifest } from '@qmo/sdk';
import { build } from 'esbuild';

/** A plugin's indicators bundled for the browser: one ES module with its dependencies inside. */
export interface IndicatorModule {
  code: string;
  /** `code` gzip-compressed once (each module carries its own zod, ~450 KiB before compression). */
  gzip: Buffer;
  /** Strong validator of `code`. */
  etag: string;
}

/** URL path of the browser module of a plugin version. */
export const indicatorModulePath = (pluginId: string, version: string): string =>
  `/api/v1/indicator-modules/${encodeURIComponent(pluginId)}@${encodeURIComponent(version)}.js`;

/**
 * Bundles the `browser` entry of indicator plugins (manifest field) so the web app runs the same
 * indicator code the host runs. Bundled on first request and kept per plugin version.
 */
export class IndicatorModules {
  private readonly bundles = new Map<string, Promise<IndicatorModule>>();
  private readonly entries = new Map<string, string | null>();

  constructor(
    private readonly kernel: Kernel,
    private readonly logger: Logger,
  ) {}

  /** The module's URL path for a running plugin that declares a browser entry, else null. */
  async pathOf(pluginId: string): Promise<string | null> {
    const plugin = this.kernel.plugin(pluginId);
    if (plugin?.state !== 'running') return null;
    return (await this.entryOf(pluginId, plugin.location))
      ? indicatorModulePath(pluginId, plugin.version)
      : null;
  }

  /** The bundle of `pluginId` at `version` (the running version only). */
  async module(pluginId: string, version: string): Promise<IndicatorModule> {
    const plugin = this.kernel.plugin(pluginId);
    const entry = plugin && plugin.version === version ? await this.entryOf(pluginId, plugin.location) : null;
    if (!plugin || !entry) {
      throw new NotFoundError(`plugin "${pluginId}@${version}" has no browser module`, {
        plugin: pluginId,
        version,
      });
    }
    const key = `${pluginId}@${version}`;
    let bundle = this.bundles.get(key);
    if (!bundle) {
      bundle = this.bundle(entry, plugin.location);
      this.bundles.set(key, bundle);
      // A failed bundle is tried again on the next request (the plugin may be fixed and reloaded).
      bundle.catch(() => this.bundles.delete(key));
    }
    try {
      return await bundle;
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

  private async entryOf(pluginId: string, location: string): Promise<string | null> {
    if (!this.entries.has(location)) {
      let entry: string | null = null;
      try {
        const read = readManifest(JSON.parse(await readFile(join(location, 'package.json'), 'utf8')));
        if (read.ok && read.manifest.id === pluginId && read.manifest.browser) {
          entry = join(location, read.manifest.browser);
        }
      } catch {
        entry = null;
      }
      this.entries.set(location, entry);
    }
    return this.entries.get(location) ?? null;
  }

  private async bundle(entry: string, location: string): Promise<IndicatorModule> {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: location,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      legalComments: 'eof',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    return {
      code,
      gzip: gzipSync(code, { level: 9 }),
      etag: `"${createHash('sha256').update(code).digest('base64url')}"`,
    };
  }
}
