/**
 * One cold-start measurement in a fresh node process (so module loading counts and nothing is cached):
 *   node cold-start-child.mjs host <dataDir>   startHost(...) until host.ready, then host.close()
 * Prints one line `BENCH_RESULT {json}`; times are performance.now() values, i.e. ms since the process
 * started. Phases come from the host's own log messages, caught by a logger that prints nothing;
 * `openDatabaseMs` is what openDatabase() reports in its "database ready" message (PGlite open + migrate).
 */
const [mode, dataDir] = process.argv.slice(2);
const t = () => performance.now();
const report = (data) => process.stdout.write(`BENCH_RESULT ${JSON.stringify(data)}\n`);

if (mode === 'host') {
  const importStart = t();
  const { markingLogger, startBenchHost } = await import('../../lib/host.mjs');
  await import('@qmo/host'); // the host and, through it, core, sdk, PGlite, hono, socket.io
  const importEnd = t();
  const { logger, marks } = markingLogger(t);
  const called = t();
  const host = await startBenchHost({ dataDir, feed: { historyDays: 30 }, backfillDays: 30 }, { logger });
  const returned = t();
  await host.ready;
  const ready = t();
  await host.close();
  const closed = t();
  const at = (message) => marks.find((m) => m.message === message)?.t ?? null;
  const backfills = marks.filter((m) => m.message === 'history backfilled');
  for (const m of marks)
    if (m.level !== 'info')
      process.stderr.write(`[child ${m.level}] ${m.message} ${JSON.stringify(m.fields ?? {})}\n`);
  report({
    importStart,
    importEnd,
    called,
    databaseOpen: at('database open'),
    openDatabaseMs: marks.find((m) => m.message === 'database ready')?.fields?.ms ?? null,
    listening: at('listening'),
    returned,
    lastBackfill: backfills.length ? Math.max(...backfills.map((m) => m.t)) : null,
    barsBackfilled: backfills.reduce((n, m) => n + (m.fields?.bars ?? 0), 0),
    ready,
    closed,
    warnings: marks.filter((m) => m.level !== 'info').length,
  });
} else {
  process.stderr.write('usage: cold-start-child.mjs host <dataDir>\n');
  process.exit(2);
}
