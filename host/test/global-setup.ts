import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder holding a migrated PGlite database, to copy instead of running initdb per host. */
    pgliteTemplate: string;
  }
}

/** Creates one migrated PGlite database per test run (initdb costs seconds; a copy costs milliseconds). */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'qmo-pglite-template-'));
  const handle = await openDatabase({ dataDir: dir });
  await handle.close();
  project.provide('pgliteTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
