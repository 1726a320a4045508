import {
  DependencyCycleError,
  ERROR_CODES,
  MissingDependencyError,
  type PluginManifest,
  QmoError,
} from '@qmo/sdk';
import semver from 'semver';

export interface OrderResult {
  /** Start order: every plugin after the plugins it requires. */
  order: PluginManifest[];
  /** Plugins refused, with why (missing or mismatched dependency, cycle, or a refused dependency). */
  refused: Map<string, QmoError>;
}

/**
 * Orders plugins by `requires`. A plugin whose dependency is missing, has a version outside
 * the range, or is itself refused, is refused; every plugin on a cycle is refused naming the cycle.
 */
export function orderByDependencies(manifests: readonly PluginManifest[]): OrderResult {
  const byId = new Map(manifests.map((m) => [m.id, m]));
  const refused = new Map<string, QmoError>();

  for (const m of manifests) {
    for (const [dep, range] of Object.entries(m.requires)) {
      const found = byId.get(dep);
      if (!found) refused.set(m.id, new MissingDependencyError(m.id, dep, range));
      else if (!semver.satisfies(found.version, range, { includePrerelease: true }))
        refused.set(m.id, new MissingDependencyError(m.id, dep, range, found.version));
    }
  }

  const order: PluginManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string): void => {
    const status = state.get(id);
    if (status === 'done') return;
    if (status === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      const error = new DependencyCycleError(cycle);
      for (const member of cycle) if (!refused.has(member)) refused.set(member, error);
      return;
    }
    const manifest = byId.get(id);
    if (!manifest) return;
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of Object.keys(manifest.requires)) visit(dep);
    stack.pop();
    state.set(id, 'done');
    order.push(manifest);
  };
  for (const m of [...manifests].sort((a, b) => a.id.localeCompare(b.id))) visit(m.id);

  // A plugin whose dependency was refused cannot start either; repeat until stable.
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of order) {
      if (refused.has(m.id)) continue;
      const bad = Object.keys(m.requires).find((dep) => refused.has(dep));
      if (bad) {
        const cause = refused.get(bad);
        refused.set(
          m.id,
          new QmoError(
            ERROR_CODES.MISSING_DEPENDENCY,
            `plugin "${m.id}" requires "${bad}", which was refused: ${cause?.message}`,
            { pluginId: m.id, dependency: bad, cause: cause?.code },
          ),
        );
        changed = true;
      }
    }
  }
  return { order: order.filter((m) => !refused.has(m.id)), refused };
}
