import { z } from 'zod';

export const PLUGIN_KINDS = ['venue', 'feed', 'algo', 'risk', 'compliance', 'indicator', 'advisor'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** Capabilities a plugin may be granted. `net:<host>` names one outbound host (or `net:*`). */
export const CAPABILITIES = [
  'marketdata:read',
  'marketdata:publish',
  'orders:read',
  'orders:submit',
  'accounts:read',
  'audit:read',
  'storage',
] as const;
export type NamedCapability = (typeof CAPABILITIES)[number];
export type Capability = NamedCapability | `net:${string}`;

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const pluginIdSchema = z.string().regex(KEBAB, 'must be kebab-case (e.g. "feed-demo")');

export const capabilitySchema = z.union([
  z.enum(CAPABILITIES),
  z.string().regex(/^net:(\*|[a-z0-9.-]+(:\d+)?)$/, 'must be "net:<host>" or "net:*"'),
]) as z.ZodType<Capability>;

/** A semver range that pins a major version: "^1.2.0", "~1.4", "1.x", ">=1.0.0 <2.0.0". */
const rangeWithMajor = z
  .string()
  .min(1)
  .refine(
    (r) => /\d/.test(r) && !/^\s*(\*|x|X|>=?\s*0(\.0)*(\.0)?\s*)$/.test(r),
    'must name a major version, e.g. "^1.0.0"',
  );

export const manifestSchema = z
  .object({
    id: pluginIdSchema,
    kind: z.enum(PLUGIN_KINDS),
    version: z.string().regex(SEMVER, 'must be a semver version'),
    displayName: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Module (relative to the package) whose default export is the `definePlugin(...)` result. */
    main: z.string().min(1).default('dist/index.js'),
    /**
     * Module (relative to the package) exporting `indicators`: the same indicators the plugin
     * registers, for the web app to run in the browser. It must not use Node built-ins.
     */
    browser: z.string().min(1).optional(),
    engines: z.object({ qmo: rangeWithMajor }).strict(),
    requires: z.record(pluginIdSchema, z.string().min(1)).default({}),
    capabilities: z.array(capabilitySchema).default([]),
    /** JSON Schema of the plugin's configuration, for documentation and admin forms. */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type PluginManifest = z.infer<typeof manifestSchema>;
export type PluginManifestInput = z.input<typeof manifestSchema>;

/** The `package.json` fields a manifest is read from. */
export interface PluginPackageJson {
  name?: string;
  version?: string;
  description?: string;
  main?: string;
  exports?: unknown;
  qmo?: Record<string, unknown>;
}

export type ManifestResult =
  | { ok: true; manifest: PluginManifest }
  | { ok: false; issues: { path: string; message: string }[] };

/**
 * Reads the manifest from a package.json without running any plugin code.
 * `version` comes from the package; `description` falls back to the package's.
 */
export function readManifest(pkg: PluginPackageJson): ManifestResult {
  if (!pkg.qmo || typeof pkg.qmo !== 'object') {
    return { ok: false, issues: [{ path: 'qmo', message: 'package.json has no "qmo" manifest object' }] };
  }
  const candidate = {
    ...pkg.qmo,
    version: pkg.qmo.version ?? pkg.version,
    description: pkg.qmo.description ?? pkg.description,
  };
  const parsed = manifestSchema.safeParse(candidate);
  if (parsed.success) {
    if (pkg.version && pkg.qmo.version !== undefined && pkg.qmo.version !== pkg.version) {
      return {
        ok: false,
        issues: [{ path: 'qmo.version', message: `differs from package version ${pkg.version}` }],
      };
    }
    return { ok: true, manifest: parsed.data };
  }
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: ['qmo', ...i.path].join('.'), message: i.message })),
  };
}
