import {
  type Indicator,
  type IndicatorBar,
  type IndicatorInstance,
  type IndicatorOutput,
  InvalidArgumentError,
  type OutputSpec,
} from '@qmo/sdk';
import type { z } from 'zod';

export const GROUP = 'Astro';

/**
 * The state of one indicator instance. `step(bar, true)` commits the bar and returns its output;
 * `step(bar, false)` returns the same output and changes nothing (caches of astronomy, which depend
 * on time only, may fill). One code path serves `next` and `peek`, so they cannot disagree.
 */
export interface Stepper {
  step(bar: IndicatorBar, commit: boolean): IndicatorOutput;
}

export interface AstroIndicatorSpec<P> {
  id: string;
  name: string;
  description: string;
  params: z.ZodType<P>;
  outputs: readonly OutputSpec[];
  stepper(params: P): Stepper;
}

/** Parses parameters with the indicator's schema (filling defaults), or throws InvalidArgumentError. */
export function parseParams<P>(id: string, schema: z.ZodType<P>, params: unknown): P {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new InvalidArgumentError(
    `invalid parameters for indicator "${id}": ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    { indicator: id, issues },
  );
}

/** An `Indicator` of the Astro group whose `batch` is `create` fed bar by bar. */
export function defineAstroIndicator<P>(spec: AstroIndicatorSpec<P>): Indicator<P> {
  const create = (params: P): IndicatorInstance => {
    const stepper = spec.stepper(parseParams(spec.id, spec.params, params));
    return { next: (bar) => stepper.step(bar, true), peek: (bar) => stepper.step(bar, false) };
  };
  return Object.freeze({
    id: spec.id,
    name: spec.name,
    group: GROUP,
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
