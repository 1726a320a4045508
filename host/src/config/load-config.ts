import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigInvalidError } from '@qmo/sdk';
import { createJiti } from 'jiti';
import { configSchema, type QmoConfig, type QmoConfigInput } from './schema.js';

export const CONFIG_FILES = ['qmo.config.ts', 'qmo.config.mts', 'qmo.config.js', 'qmo.config.mjs'];

export interface ConfigOverrides {
  configFile?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
}

export interface LoadedConfig {
  config: QmoConfig;
  /** Folder relative paths in the configuration are resolved against. */
  baseDir: string;
  /** Absolute data folder. */
  dataDir: string;
  file: string | null;
}

/**
 * Reads `qmo.config.ts` (or the file given), then applies environment variables
 * (PORT, QMO_DATA_DIR, DATABASE_URL) and command-line flags, in that order of precedence.
 */
export async function loadConfig(
  cwd: string,
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedConfig> {
  const file = overrides.configFile
    ? resolve(cwd, overrides.configFile)
    : CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (overrides.configFile && !existsSync(file!)) {
    throw new ConfigInvalidError(`configuration file not found: ${file}`, [
      { path: 'config', message: 'file not found' },
    ]);
  }
  let raw: Record<string, unknown> = {};
  if (file) {
    const jiti = createJiti(import.meta.url, { interopDefault: true, moduleCache: false });
    const loaded = await jiti.import<unknown>(file, { default: true });
    if (typeof loaded !== 'object' || loaded === null) {
      throw new ConfigInvalidError(`${file} must default-export a configuration object`, [
        { path: '(root)', message: 'expected an object' },
      ]);
    }
    raw = { ...(loaded as Record<string, unknown>) };
  }
  return resolveConfig(raw, file ?? null, file ? dirname(file) : cwd, overrides, env);
}

export function resolveConfig(
  raw: Record<string, unknown>,
  file: string | null,
  baseDir: string,
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = {},
): LoadedConfig {
  const merged: Record<string, unknown> = { ...raw };
  if (env.PORT !== undefined) merged.port = toPort(env.PORT, 'PORT');
  if (env.QMO_DATA_DIR) merged.dataDir = env.QMO_DATA_DIR;
  if (env.DATABASE_URL) merged.databaseUrl = env.DATABASE_URL;
  if (overrides.port !== undefined) merged.port = overrides.port;
  if (overrides.dataDir) merged.dataDir = overrides.dataDir;
  if (overrides.databaseUrl) merged.databaseUrl = overrides.databaseUrl;

  const parsed = configSchema.safeParse(merged as QmoConfigInput);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(root)',
      message: i.message,
    }));
    const where = file ?? 'the configuration';
    throw new ConfigInvalidError(
      `invalid configuration in ${where}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      issues,
    );
  }
  return { config: parsed.data, baseDir, dataDir: resolve(baseDir, parsed.data.dataDir), file };
}

function toPort(value: string, name: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : `${name}=${value}`;
}
