import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatMs, formatNumber } from '../lib/format.mjs';
import { tempDir } from '../lib/host.mjs';
import { metric } from '../lib/results.mjs';
import { summarize } from '../lib/timing.mjs';

const CHILD = fileURLToPath(new URL('./helpers/cold-start-child.mjs', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Runs the child script in a fresh `node` process; resolves with its BENCH_RESULT. */
function runChild(mode, dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, mode, dataDir], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) {
        reject(new Error(`cold-start child (${mode}) exited with ${code}:\n${err || out}`));
        return;
      }
      if (err.trim()) process.stderr.write(err);
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
    });
  });
}

/**
 * Cold start to ready. Each run is a fresh `node` process (module loading included, no shared caches):
 *  - first start: fresh PGlite data dir, feed-demo + indicator-classic, 30-day backfill of 6 instruments;
 *  - restart on the same data dir (history present: only the minutes since the first run are fetched);
 * with the fresh PGlite open + migrate time as openDatabase() reports it inside the first start.
 */
export default {
  name: 'cold-start',
  title: 'Cold start to ready',
  async run({ progress, options }) {
    const runs = options.coldRuns;
    const first = [];
    const restart = [];
    for (let i = 0; i < runs; i++) {
      const data = tempDir('qmo-bench-cold-');
      try {
        progress(`first start ${i + 1}/${runs} (30-day backfill)…`);
        first.push(await runChild('host', data.dir));
        progress(`restart ${i + 1}/${runs}…`);
        restart.push(await runChild('host', data.dir));
      } finally {
        data.remove();
      }
    }

    const rows = [];
    const results = [];
    const add = (key, label, samples, detail = '') => {
      const s = summarize(samples);
      rows.push([label, formatMs(s.median), formatMs(s.min), formatMs(s.max), String(s.runs), detail]);
      results.push(metric('cold-start', key, 'ms', s.median, { stats: { ...s, samples } }));
    };
    const bars = (list) => `${list.map((r) => formatNumber(r.barsBackfilled)).join(' / ')} bars backfilled`;
    const hostRows = (key, label, list) => {
      add(
        `${key}.process-to-ready`,
        `${label}: node process start → host.ready`,
        list.map((r) => r.ready),
        'module loading included',
      );
      add(
        `${key}.startHost-to-ready`,
        `${label}: startHost() → host.ready`,
        list.map((r) => r.ready - r.called),
        bars(list),
      );
      add(
        `${key}.import`,
        `${label}: importing @qmo/host`,
        list.map((r) => r.importEnd - r.importStart),
        'before startHost()',
      );
      add(
        `${key}.openDatabase`,
        `${label}: ⊂ openDatabase() (PGlite open + migrate)`,
        list.map((r) => r.openDatabaseMs),
        'as openDatabase() reports it',
      );
      add(
        `${key}.database-to-ready`,
        `${label}: ⊂ database open → host.ready`,
        list.map((r) => r.ready - r.databaseOpen),
        'kernel start, backfill, listen',
      );
      add(
        `${key}.startHost-returned`,
        `${label}: startHost() → returned (listening)`,
        list.map((r) => r.returned - r.called),
      );
      add(
        `${key}.close`,
        `${label}: host.close()`,
        list.map((r) => r.closed - r.ready),
      );
    };
    hostRows('first-start', 'first start', first);
    hostRows('restart', 'restart', restart);

    return {
      results,
      tables: [
        {
          title: 'Cold start to ready',
          columns: ['Measure', 'median', 'min', 'max', 'runs', 'detail'],
          rows,
          notes: [
            'first start: a fresh `node` process, PGlite in a fresh tmp data dir, feed-demo (seed 42, 30 days of 1-minute history) + indicator-classic, backfillDays 30 over 6 instruments (the product default), port 0, logLevel silent. restart: the same on the first start’s data dir (only minutes since the first run are fetched).',
            'Phases (⊂) come from the host’s own log messages (database ready / database open / listening / history backfilled) caught by a logger that prints nothing.',
          ],
        },
      ],
    };
  },
};
