import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const JOURNAL = join('drizzle', 'meta', '_journal.json');

/**
 * The folder of the committed drizzle-kit migrations (`host/drizzle`). Found by walking up from this
 * file, so it resolves the same from `host/src/db/` (vitest, tsx) and from `host/dist/db/` (built).
 */
export function defaultMigrationsFolder(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, JOURNAL))) return join(dir, 'drizzle');
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`no drizzle migrations folder (drizzle/meta/_journal.json) above ${from}`);
    dir = parent;
  }
}
