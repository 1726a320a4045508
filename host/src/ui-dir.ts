import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built web UI (`@qmo/ui`'s dist folder), or null when the package or its build is missing. */
export function findUiDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@qmo/ui/package.json');
    const dist = join(dirname(pkg), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : null;
  } catch {
    return null;
  }
}
