import type { z } from 'zod';
import { InvalidArgumentError } from '../errors.js';
import type { Indicator, IndicatorBar, IndicatorInstance, IndicatorOutput, OutputSpec } from './indicator.js';

/**
 * The state of one indicator instance. `step(bar, true)` commits the bar and returns its output;
 * `step(bar, false)` returns the same output and changes nothing (caches that depend on time only
 * may fill). One code path serves `next` and `peek`, so they cannot disagree.
 */
export interface IndicatorStepper {
  step(bar: IndicatorBar, commit: boolean): IndicatorOutput;
}

export interface SteppedIndicatorSpec<P> {
  id: string;
  name: string;
  /** Menu group, e.g. "Classic", "Gann", "Astro". */
  group: string;
  description: string;
  params: z.ZodType<P>;
  outputs: readonly OutputSpec[];
  stepper(params: P): IndicatorStepper;
}

/** Parses parameters with the indicator's schema (filling defaults), or throws InvalidArgumentError. */
export function parseIndicatorParams<P>(id: string, schema: z.ZodType<P>, params: unknown): P {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new InvalidArgumentError(
    `invalid parameters for indicator "${id}": ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    { indicator: id, issues },
  );
}

/** An `Indicator` from a stepper: `create` parses the parameters, `batch` is `create` fed bar by bar. */
export function defineSteppedIndicator<P>(spec: SteppedIndicatorSpec<P>): Indicator<P> {
  const create = (params: P): IndicatorInstance => {
    const stepper = spec.stepper(parseIndicatorParams(spec.id, spec.params, params));
    return { next: (bar) => stepper.step(bar, true), peek: (bar) => stepper.step(bar, false) };
  };
  return Object.freeze({
    id: spec.id,
    name: spec.name,
    group: spec.group,
    description: spec.description,
    params: spec.params,
    outputs: Object.freeze(spec.outputs.map((o) => Object.freeze({ ...o }))),
    create,
    batch(bars: readonly IndicatorBar[], params: P): IndicatorOutput[] {
      const instance = create(params);
      return bars.map((bar) => instance.next(bar));
    },
  });
}
