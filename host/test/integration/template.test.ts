import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, REPO_ROOT, startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 180_000;
// Inside the repository, so the generated package resolves @qmo/sdk and zod like a workspace plugin does.
const WORK = join(REPO_ROOT, '.tmp', `template-test-${process.pid}`);
const ID = 'price-momentum';
const PLUGIN_DIR = join(WORK, ID);

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });

describe('npm run new -- indicator <id>', { timeout: TIMEOUT }, () => {
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('creates a plugin package that builds, passes its generated test and loads in the host', async () => {
    mkdirSync(WORK, { recursive: true });
    const out = run(
      'node',
      [join(REPO_ROOT, 'templates', 'create.mjs'), 'indicator', ID, '--dir', WORK, '--no-install'],
      REPO_ROOT,
    );
    expect(out).toContain(`created indicator plugin "${ID}"`);

    run(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], PLUGIN_DIR);
    expect(existsSync(join(PLUGIN_DIR, 'dist', 'index.js'))).toBe(true);
    const tests = run(join(REPO_ROOT, 'node_modules', '.bin', 'vitest'), ['run'], PLUGIN_DIR);
    expect(tests).toMatch(/3 passed/);

    const data = tempDataDir();
    const host = await startTestHost({
      dataDir: data.dir,
      uiDir: null,
      config: {
        plugins: {
          search: [],
          load: ['./plugins/feed-demo', PLUGIN_DIR],
          config: { 'feed-demo': { historyDays: 1 } },
        },
        marketData: { backfillDays: 1 },
      },
    });
    try {
      await host.ready;
      const plugins = await getJson<{ id: string; state: string; version: string }[]>(
        host,
        '/api/v1/plugins',
      );
      expect(plugins.body.find((p) => p.id === ID)).toMatchObject({ state: 'running', version: '0.1.0' });
      const series = await getJson<{ points: { values: { value: number | null } }[] }>(
        host,
        `/api/v1/marketdata/EURUSD/indicators/${ID}?limit=30`,
      );
      expect(series.status).toBe(200);
      expect(series.body.points.filter((p) => typeof p.values.value === 'number').length).toBe(20);
      // The browser entry is bundled for the chart, and holds the indicator.
      const list = await getJson<{ id: string; module: string | null }[]>(host, '/api/v1/indicators');
      const module = list.body.find((i) => i.id === ID)?.module;
      expect(module).toBe(`/api/v1/indicator-modules/${ID}@0.1.0.js`);
      const code = await (await fetch(`${host.url}${module}`)).text();
      expect(code).toContain(`"${ID}"`);
      expect(code).toMatch(/export\s*\{/);
    } finally {
      await host.close();
      data.remove();
    }
  });

  it('refuses a kind without a template and an id that is not kebab-case', () => {
    expect(() =>
      run('node', [join(REPO_ROOT, 'templates', 'create.mjs'), 'teleport', 'x'], REPO_ROOT),
    ).toThrow(/no template for kind/);
    expect(() =>
      run('node', [join(REPO_ROOT, 'templates', 'create.mjs'), 'indicator', 'Bad_Id'], REPO_ROOT),
    ).toThrow(/kebab-case/);
  });
});
