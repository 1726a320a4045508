import { IncompatibleEngineError, type PluginManifest } from '@qmo/sdk';
import semver from 'semver';

/** Refuses a plugin whose `engines.qmo` range the host's SDK version does not satisfy. */
export function checkEngineCompatibility(
  manifest: PluginManifest,
  sdkVersion: string,
): IncompatibleEngineError | null {
  const range = semver.validRange(manifest.engines.qmo);
  if (range === null || !semver.satisfies(sdkVersion, range, { includePrerelease: true })) {
    return new IncompatibleEngineError(manifest.id, manifest.engines.qmo, sdkVersion);
  }
  return null;
}
