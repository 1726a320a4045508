#!/usr/bin/env node
/**
 * QMO benchmarks. Measures and reports; asserts nothing.
 *
 *   npm run bench                      (from the repo root: turbo build, then every suite)
 *   npm run bench -- indicators        (only the suites named; a prefix is enough: cold, socket, ind, order, match, fix, astro, chart)
 *   node --expose-gc run.mjs --list    (inside bench/)
 *   node --expose-gc run.mjs --quick   (smaller sizes, for checking the harness itself)
 *
 * Prints a table per suite and writes results/latest.json and results/latest.md.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { environment, writeResults } from './lib/results.mjs';
import { renderText } from './lib/table.mjs';
import astro from './suites/astro.mjs';
import chartPaint from './suites/chart-paint.mjs';
import coldStart from './suites/cold-start.mjs';
import fixCodec from './suites/fix-codec.mjs';
import fixRoundtrip from './suites/fix-roundtrip.mjs';
import indicators from './suites/indicators.mjs';
import matching from './suites/matching.mjs';
import orderAck from './suites/order-ack.mjs';
import socketThroughput from './suites/socket-throughput.mjs';

const SUITES = [
  coldStart,
  socketThroughput,
  indicators,
  orderAck,
  matching,
  fixCodec,
  fixRoundtrip,
  astro,
  chartPaint,
];
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const names = args.filter((a) => !a.startsWith('--'));

if (flags.has('--help') || flags.has('-h') || flags.has('--list')) {
  console.log(
    `usage: node --expose-gc run.mjs [--quick] [--no-write] [suite ...]\nsuites: ${SUITES.map((s) => s.name).join(', ')}`,
  );
  process.exit(0);
}

const selected = [];
for (const name of names) {
  const matches = SUITES.filter((s) => s.name === name || s.name.startsWith(name));
  if (matches.length !== 1) {
    console.error(`unknown or ambiguous suite "${name}"; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  if (!selected.includes(matches[0])) selected.push(matches[0]);
}
const suites = selected.length > 0 ? SUITES.filter((s) => selected.includes(s)) : SUITES;

const quick = flags.has('--quick');
const envInt = (name, fallback) => (process.env[name] ? Number.parseInt(process.env[name], 10) : fallback);
const options = {
  quick,
  coldRuns: envInt('BENCH_COLD_RUNS', quick ? 1 : 3),
  bars: envInt('BENCH_BARS', quick ? 100_000 : 1_000_000),
  indicatorRuns: envInt('BENCH_INDICATOR_RUNS', quick ? 2 : 5),
  socketSeconds: envInt('BENCH_SOCKET_SECONDS', quick ? 1 : 3),
  orderSeconds: envInt('BENCH_ORDER_SECONDS', quick ? 1 : 3),
  matchingCommands: envInt('BENCH_MATCHING_COMMANDS', quick ? 50_000 : 500_000),
  matchingRuns: envInt('BENCH_MATCHING_RUNS', quick ? 2 : 5),
};

if (typeof globalThis.gc !== 'function')
  console.error('note: run with --expose-gc so garbage is collected between runs');
const env = environment(REPO_ROOT);
console.log(
  `QMO benchmarks · node ${env.node} · ${env.cpu.model} × ${env.cpu.cores} · load ${env.loadAverage.join(' ')} · ${new Date().toISOString()}${quick ? ' · QUICK' : ''}\n`,
);

const outputs = {};
const started = performance.now();
for (const suite of suites) {
  const suiteStart = performance.now();
  const loadBefore = os.loadavg()[0];
  const progress = (message) => process.stderr.write(`[${suite.name}] ${message}\n`);
  progress('starting');
  const { tables, results } = await suite.run({
    progress,
    options,
    repoRoot: REPO_ROOT,
    benchDir: BENCH_DIR,
  });
  const seconds = (performance.now() - suiteStart) / 1000;
  // The 1-minute load average around the suite: other work on the machine shows in the figures.
  const loadAverage1m = [loadBefore, os.loadavg()[0]].map((l) => Math.round(l * 100) / 100);
  outputs[suite.name] = {
    date: new Date().toISOString(),
    durationS: Math.round(seconds * 10) / 10,
    loadAverage1m,
    options,
    tables,
    results,
  };
  for (const table of tables) console.log(`${renderText(table)}\n`);
  progress(`done in ${seconds.toFixed(1)} s`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);

if (!flags.has('--no-write') && !quick) {
  const { kept } = writeResults(
    new URL('./results/', import.meta.url).pathname,
    env,
    outputs,
    SUITES.map((s) => s.name),
  );
  console.log(
    `wrote bench/results/latest.json and latest.md${kept.length ? ` (kept earlier figures of: ${kept.join(', ')})` : ''}`,
  );
} else {
  console.log('results not written (--quick or --no-write)');
}
// Sockets, PGlite handles or workers left by a suite must not keep the process alive.
process.exit(0);
