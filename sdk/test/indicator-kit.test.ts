import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  definePlugin,
  defineSteppedIndicator,
  extensionPoints,
  type Indicator,
  type IndicatorBar,
  type IndicatorOutput,
  type OutputSpec,
} from '../src/index.js';
import {
  barsFromSteps,
  checkIndicatorContract,
  checkIndicatorDescription,
  checkIndicatorOutput,
  checkIndicatorParams,
  checkIndicatorPlugin,
  checkPluginImports,
  deepEqual,
  firstDifference,
  INDICATOR_CONTRACT_CHECKS,
  IndicatorContractError,
  randomWalkBars,
  readPluginPackage,
  seededRandom,
} from '../src/testing/index.js';

const params = z.object({ period: z.number().int().min(1).max(100).default(3).describe('Bars averaged') });
type Params = z.infer<typeof params>;

/** A correct simple moving average of closes. */
const sma = defineSteppedIndicator<Params>({
  id: 'sma',
  name: 'SMA',
  group: 'Test',
  description: 'Simple moving average',
  params,
  outputs: [{ key: 'value', shape: 'line', label: 'SMA', pane: 'price' }],
  stepper({ period }) {
    const closes: number[] = [];
    return {
      step(bar, commit) {
        const window = [...closes, bar.close].slice(-period);
        if (commit) closes.push(bar.close);
        return { value: window.length < period ? null : window.reduce((a, b) => a + b, 0) / period };
      },
    };
  },
});

/** An indicator from `next`/`peek` factories, for breaking one rule at a time. */
function broken(
  create: () => { next(bar: IndicatorBar): IndicatorOutput; peek(bar: IndicatorBar): IndicatorOutput },
  extra: Partial<Indicator<Params>> = {},
  outputs: readonly OutputSpec[] = [{ key: 'value', shape: 'line', label: 'X', pane: 'own' }],
): Indicator<Params> {
  return { id: 'broken', name: 'Broken', group: 'Test', description: 'd', params, outputs, create, ...extra };
}

const bars = randomWalkBars(30);
const line = (value: unknown) => ({ value }) as IndicatorOutput;

describe('checkIndicatorContract', () => {
  it('passes a correct indicator and returns its outputs', () => {
    const outputs = checkIndicatorContract(sma, bars, { period: 3 });
    expect(outputs).toHaveLength(30);
    expect(outputs[1]).toEqual({ value: null });
    expect(outputs[2]!.value).toBeCloseTo((bars[0]!.close + bars[1]!.close + bars[2]!.close) / 3, 12);
    expect(() => checkIndicatorContract(sma, bars)).not.toThrow(); // default parameters
    expect(() => checkIndicatorContract(sma, [])).not.toThrow();
  });

  it('refuses parameters its schema refuses', () => {
    expect(() => checkIndicatorContract(sma, bars, { period: 0 })).toThrow(/refused by its schema/);
  });

  it('catches a peek that changes the state', () => {
    const leaky = broken(() => {
      let n = 0;
      return { next: () => line(++n), peek: () => line(++n) };
    });
    expect(() => checkIndicatorContract(leaky, bars, undefined, { checks: ['peek'] })).toThrow(
      IndicatorContractError,
    );
    expect(() => checkIndicatorContract(leaky, bars, undefined, { checks: ['peek'] })).toThrow(
      /indicator "broken": peek\(\) of the same forming bar 0 gave different outputs/,
    );
  });

  it('catches a peek that disagrees with next', () => {
    const off = broken(() => ({ next: (b) => line(b.close), peek: (b) => line(b.close + 1) }));
    expect(() =>
      checkIndicatorContract(off, bars, undefined, { checks: ['peek'], forming: () => [] }),
    ).toThrow(/next\(\) at bar 0 differs from the peek\(\) of the same bar: value/);
  });

  it('catches a batch that differs from next bar by bar, and an impure one', () => {
    const off = broken(() => ({ next: (b) => line(b.close), peek: (b) => line(b.close) }), {
      batch: (bs) => bs.map((b, i) => line(i === 5 ? 0 : b.close)),
    });
    expect(() => checkIndicatorContract(off, bars, undefined, { checks: ['batch'] })).toThrow(
      /batch\(\) differs from create\(\) fed bar by bar: \[5\]\.value/,
    );
    let calls = 0;
    const impure = broken(() => ({ next: (b) => line(b.close), peek: (b) => line(b.close) }), {
      batch: (bs) => (calls++ === 0 ? bs.map((b) => line(b.close)) : bs.map(() => line(1))),
    });
    expect(() => checkIndicatorContract(impure, bars, undefined, { checks: ['batch'] })).toThrow(
      /gave different outputs/,
    );
  });

  it('catches a batch that looks ahead', () => {
    // the batch form uses the last bar of the series; bar by bar it never could
    const cheat = broken(() => ({ next: (b) => line(b.close), peek: (b) => line(b.close) }), {
      batch: (bs) => bs.map((b, i) => line(i === bs.length - 1 ? b.close : bs[bs.length - 1]!.close)),
    });
    expect(() =>
      checkIndicatorContract(cheat, bars, undefined, { checks: ['lookAhead'], cuts: [10] }),
    ).toThrow(/looks ahead: the outputs of bars\[0\.\.10\] change when later bars follow/);
    expect(() => checkIndicatorContract(sma, bars, undefined, { cuts: [30] })).toThrow(/not a bar index/);
  });

  it('catches outputs that are missing, NaN or of the wrong shape', () => {
    const nan = broken(() => ({ next: () => line(Number.NaN), peek: () => line(Number.NaN) }));
    expect(() => checkIndicatorContract(nan, bars, undefined, { checks: ['outputs'] })).toThrow(
      /next\(\) at bar 0, "value" \(line\): NaN is neither a finite number nor null/,
    );
    const missing = broken(() => ({ next: () => ({}), peek: () => ({}) }));
    expect(() => checkIndicatorContract(missing, bars)).toThrow(/"value" \(line\): missing/);
  });

  it('runs only the checks asked for, and names each', () => {
    const nan = broken(() => ({ next: () => line(Number.NaN), peek: () => line(Number.NaN) }));
    expect(() =>
      checkIndicatorContract(nan, bars, undefined, { checks: ['batch', 'lookAhead'] }),
    ).not.toThrow();
    expect(INDICATOR_CONTRACT_CHECKS.map((c) => c.check)).toEqual(['batch', 'peek', 'lookAhead', 'outputs']);
  });
});

describe('checkIndicatorOutput', () => {
  const band: OutputSpec = { key: 'b', shape: 'band', label: 'B', pane: 'price' };
  const levels: OutputSpec = { key: 'l', shape: 'levels', label: 'L', pane: 'price' };
  const rays: OutputSpec = { key: 'r', shape: 'rays', label: 'R', pane: 'price' };
  const labels: OutputSpec = { key: 't', shape: 'labels', label: 'T', pane: 'price' };
  const indicator = broken(() => ({ next: () => ({}), peek: () => ({}) }), {}, [band, levels, rays, labels]);
  const point = { time: 1, price: 2 };
  const ok = { b: { upper: 2, middle: null, lower: 1 }, l: [{ price: 1, label: 'a' }], r: [], t: [] };
  const check = (patch: Record<string, unknown>) => () =>
    checkIndicatorOutput(indicator, { ...ok, ...patch } as IndicatorOutput, 'here');

  it('accepts well-formed values of each shape', () => {
    expect(check({})).not.toThrow();
    expect(
      check({ b: null, r: [{ anchor: point, through: point }], t: [{ at: point, text: 'x' }] }),
    ).not.toThrow();
  });

  it('names what is wrong', () => {
    expect(check({ b: { upper: 1, middle: 1, lower: Number.POSITIVE_INFINITY } })).toThrow(
      /here, "b" \(band\): upper 1, lower Infinity: not finite/,
    );
    expect(check({ l: null })).toThrow(/"l" \(levels\): null is not a list/);
    expect(check({ l: [{ label: 'no price' }] })).toThrow(/item 0: a level without a price/);
    expect(check({ l: [{ price: 1, color: null }] })).toThrow(/\[0\]\.color is null/);
    expect(check({ l: [{ price: 1, label: 'NaN°' }] })).toThrow(/\[0\]\.label reads "NaN°"/);
    expect(check({ r: [{ anchor: point }] })).toThrow(/a ray without its anchor and through points/);
    expect(check({ t: [{ at: { time: 1, price: Number.NaN }, text: 'x' }] })).toThrow(/a label without/);
  });
});

describe('checkIndicatorParams', () => {
  it('returns the defaults and the schema fields of a form-ready schema', () => {
    const { defaults, fields } = checkIndicatorParams(sma);
    expect(defaults).toEqual({ period: 3 });
    expect(fields.period).toMatchObject({ type: 'integer', default: 3, minimum: 1, maximum: 100 });
  });

  it('requires descriptions, bounds and defaults parse({}) gives', () => {
    const withParams = (schema: z.ZodType<Params>) => ({ ...sma, params: schema });
    expect(() =>
      checkIndicatorParams(withParams(z.object({ period: z.number().min(1).max(9).default(3) }))),
    ).toThrow(/parameter "period" has no description/);
    const unbounded = z.object({ period: z.number().min(1).default(3).describe('p') });
    expect(() => checkIndicatorParams(withParams(unbounded))).toThrow(/"period" has no upper bound/);
    expect(() => checkIndicatorParams(withParams(unbounded), { numericBounds: 'lower' })).not.toThrow();
    expect(() =>
      checkIndicatorParams(withParams(z.object({ period: z.number().max(9).default(3).describe('p') }))),
    ).toThrow(/no lower bound/);
    expect(() => checkIndicatorParams(withParams(z.object({ period: z.number().describe('p') })))).toThrow(
      /params\.parse\(\{\}\) fails/,
    );
    const throwing = {
      ...sma,
      create: () => {
        throw new Error('boom');
      },
    };
    expect(() => checkIndicatorParams(throwing)).toThrow(/create\(defaults\) throws: boom/);
  });
});

describe('checkIndicatorDescription', () => {
  it('checks the group, the outputs and their shapes', () => {
    expect(() => checkIndicatorDescription(sma, { group: 'Test' })).not.toThrow();
    expect(() => checkIndicatorDescription(sma, { group: 'Classic' })).toThrow(
      /group is "Test", expected "Classic"/,
    );
    const twice = { ...sma, outputs: [sma.outputs[0]!, sma.outputs[0]!] };
    expect(() => checkIndicatorDescription(twice)).toThrow(/declares output "value" twice/);
    const odd = { ...sma, outputs: [{ ...sma.outputs[0]!, shape: 'pie' }] } as unknown as Indicator<Params>;
    expect(() => checkIndicatorDescription(odd)).toThrow(/shape "pie"/);
    expect(() => checkIndicatorDescription({ ...sma, description: '' })).toThrow(/has no description/);
    expect(() => checkIndicatorDescription({ ...sma, outputs: [] })).toThrow(/declares no output/);
  });
});

describe('checkIndicatorPlugin', () => {
  it('passes a plugin that registers what it says and releases everything', async () => {
    const plugin = definePlugin({
      kind: 'indicator',
      activate: (ctx) => void ctx.register(extensionPoints.indicators, sma),
    });
    const registered = await checkIndicatorPlugin(plugin, ['sma']);
    expect(registered.map((i) => i.id)).toEqual(['sma']);
    await expect(checkIndicatorPlugin(plugin, ['sma', 'ema'])).rejects.toThrow(
      /registered \["sma"\], expected/,
    );
  });

  it('catches a timer left behind', async () => {
    const plugin = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        ctx.register(extensionPoints.indicators, sma);
        ctx.clock.setInterval(() => {}, 1_000); // not through context.timers: never released
      },
    });
    await expect(checkIndicatorPlugin(plugin, ['sma'])).rejects.toThrow(/1 timer\(s\) left after stop/);
  });
});

describe('bars', () => {
  it('barsFromSteps keeps high ≥ open, close ≥ low and adds the gaps', () => {
    const out = barsFromSteps(
      [
        { open: 10, close: 12, up: 1, down: 0.5, gap: 60_000 },
        { open: 5, close: 4, up: 0, down: 0, gap: 120_000, volume: 7 },
      ],
      1_000,
    );
    expect(out).toEqual([
      { time: 61_000, open: 10, high: 13, low: 5, close: 12, volume: 1 },
      { time: 181_000, open: 5, high: 5, low: 4, close: 4, volume: 7 },
    ]);
  });

  it('randomWalkBars is seeded, chained and well formed', () => {
    const a = randomWalkBars(50, { seed: 7, interval: 3_600_000, start: 0 });
    expect(randomWalkBars(50, { seed: 7, interval: 3_600_000, start: 0 })).toEqual(a);
    expect(randomWalkBars(50, { seed: 8, interval: 3_600_000, start: 0 })).not.toEqual(a);
    a.forEach((bar, i) => {
      expect(bar.time).toBe(i * 3_600_000);
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.volume).toBeGreaterThanOrEqual(100);
      expect(bar.volume).toBeLessThanOrEqual(1_000);
      if (i > 0) expect(bar.open).toBe(a[i - 1]!.close);
    });
    expect(a[0]!.open).toBe(100);
    expect(randomWalkBars(3, { volume: 5 }).map((b) => b.volume)).toEqual([5, 5, 5]);
    expect(randomWalkBars(1)[0]!.time).toBe(Date.UTC(2026, 0, 5));
  });

  it('seededRandom repeats for a seed and stays in [0, 1)', () => {
    const r = seededRandom(42);
    const values = Array.from({ length: 1_000 }, r);
    expect(Array.from({ length: 1_000 }, seededRandom(42))).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('firstDifference', () => {
  it('compares like toEqual and says where values differ', () => {
    expect(firstDifference({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBeNull();
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('a[1].b: 2 ≠ 3');
    expect(firstDifference([1, 2], [1])).toBe('(root): length 2 ≠ 1');
    expect(firstDifference(Number.NaN, Number.NaN)).toBeNull();
    expect(firstDifference(0, -0)).toBe('(root): 0 ≠ -0');
    expect(firstDifference(null, {})).toBe('(root): null ≠ {}');
    expect(firstDifference([], {})).toBe('(root): [] ≠ {}');
    expect(deepEqual({ x: [null] }, { x: [null] })).toBe(true);
  });
});

describe('plugin package checks', () => {
  it('readPluginPackage reads the manifest and refuses an invalid one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmo-kit-'));
    try {
      const file = join(dir, 'package.json');
      const qmo = { id: 'x-y', kind: 'indicator', engines: { qmo: '^1.0.0' } };
      writeFileSync(file, JSON.stringify({ name: '@x/y', version: '1.2.3', qmo }));
      expect(readPluginPackage(file).manifest).toMatchObject({
        id: 'x-y',
        kind: 'indicator',
        version: '1.2.3',
      });
      writeFileSync(file, JSON.stringify({ name: '@x/y', version: '1.2.3' }));
      expect(() => readPluginPackage(file)).toThrow(/invalid manifest/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checkPluginImports lists every import outside the allowed ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmo-kit-'));
    try {
      expect(() => checkPluginImports(dir, ['@qmo/sdk'])).toThrow(/no \.ts file/);
      writeFileSync(
        join(dir, 'a.ts'),
        "import { x } from './b.js';\nimport { definePlugin } from '@qmo/sdk';\n",
      );
      expect(() => checkPluginImports(dir, ['@qmo/sdk'])).not.toThrow();
      writeFileSync(
        join(dir, 'b.ts'),
        "import { Kernel } from '@qmo/core';\nconst m = await import('./c');\n",
      );
      expect(() => checkPluginImports(dir, ['@qmo/sdk', /^node:/])).toThrow(
        /b\.ts imports @qmo\/core\n {2}b\.ts imports \.\/c$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
