import type { RiskRule } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { riskLimitRules } from '../src/index.js';
import { makeInput, run } from './helpers.js';

type JsonSchema = {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  pattern?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: rules with different limit types
const rules = riskLimitRules.map((rule) => [rule.id, rule] as [string, RiskRule<any>]);

describe.each(rules)('%s limits', (_id, rule) => {
  it('parse({}) succeeds: no limit set', () => {
    expect(() => rule.limits.parse({})).not.toThrow();
  });

  it('passes every order when no limit is set', () => {
    const inputs = [
      makeInput(),
      makeInput({ instrument: 'BTC-USD', order: { quantity: '1000' }, positions: [['BTC-USD', '-50']] }),
      makeInput({ order: { type: 'market' }, referencePrice: null, marks: {}, equity: '-1' }),
      makeInput({
        pnl: { realized: '-99999999' },
        recentOrderTimes: [1, 2, 3].map((ms) => makeInput().now - ms),
      }),
    ];
    for (const input of inputs) expect(run(rule, {}, input)).toEqual({ pass: true });
    if (rule.monitor) {
      const { limits: _unset, ...view } = inputs[3]!;
      expect(rule.monitor({ ...view, limits: rule.limits.parse({}) })).toBeNull();
    }
  });

  it('has a JSON Schema with a description for every field (the UI builds its form from it)', () => {
    for (const io of ['input', 'output'] as const) {
      const schema = z.toJSONSchema(rule.limits, { io }) as JsonSchema;
      expect(schema.type).toBe('object');
      expect(schema.description).toBeTruthy();
      const properties = Object.entries(schema.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      for (const [key, field] of properties) expect(field.description, `${rule.id}.${key}`).toBeTruthy();
    }
    expect(JSON.parse(JSON.stringify(z.toJSONSchema(rule.limits)))).toBeTruthy();
  });

  it('refuses unknown fields (a misspelt limit is an error, not a silent no-limit)', () => {
    expect(rule.limits.safeParse({ maxQuantityy: '10' }).success).toBe(false);
  });

  it('describes itself', () => {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.description.length).toBeGreaterThan(20);
    expect(Object.isFrozen(rule)).toBe(true);
  });
});

describe('decimal limit fields', () => {
  const decimalFields: [RiskRule<unknown>, string][] = [];
  for (const rule of riskLimitRules) {
    const schema = z.toJSONSchema(rule.limits, { io: 'input' }) as JsonSchema;
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      if (field.type === 'string' && field.pattern) decimalFields.push([rule, key]);
    }
  }

  it('exist for the money and quantity limits', () => {
    expect(decimalFields.map(([rule, key]) => `${rule.id}.${key}`)).toEqual([
      'max-order-qty.maxQuantity',
      'max-order-notional.maxNotional',
      'max-position.maxPosition',
      'gross-exposure.maxGrossExposure',
      'net-exposure.maxNetExposure',
      'session-loss-cap.maxLoss',
    ]);
  });

  it.each(['100', '0.5', '0.00001', '12500000.25', '1.50'])('accept %s', (value) => {
    for (const [rule, key] of decimalFields)
      expect(rule.limits.safeParse({ [key]: value }).success).toBe(true);
  });

  it.each(['0', '0.000', '-5', '1e3', '1,000', ' 10', '.5', '5.', 'NaN', ''])('refuse %j', (value) => {
    for (const [rule, key] of decimalFields)
      expect(rule.limits.safeParse({ [key]: value }).success).toBe(false);
  });

  it('refuse numbers: money is never a float', () => {
    for (const [rule, key] of decimalFields)
      expect(rule.limits.safeParse({ [key]: 0.1 }).success).toBe(false);
  });

  it('per-instrument overrides are decimal strings too', () => {
    const maxQty = riskLimitRules.find((r) => r.id === 'max-order-qty')!;
    expect(maxQty.limits.safeParse({ perInstrument: { ESZ6: '5' } }).success).toBe(true);
    expect(maxQty.limits.safeParse({ perInstrument: { ESZ6: 5 } }).success).toBe(false);
    expect(maxQty.limits.safeParse({ perInstrument: { ESZ6: '-5' } }).success).toBe(false);
  });
});

describe('count and percentage limits', () => {
  const byId = Object.fromEntries(riskLimitRules.map((r) => [r.id, r]));

  it('order-rate: whole positive counts, window defaulting to 1000 ms', () => {
    const limits = byId['order-rate']!.limits;
    expect(limits.parse({})).toEqual({ windowMs: 1000 });
    expect(limits.parse({ maxOrders: 20, windowMs: 60000 })).toEqual({ maxOrders: 20, windowMs: 60000 });
    for (const bad of [{ maxOrders: 0 }, { maxOrders: 2.5 }, { maxOrders: '5' }, { windowMs: -1 }]) {
      expect(limits.safeParse(bad).success).toBe(false);
    }
  });

  it('price-collar: positive percentages, requireReference defaulting to false', () => {
    const limits = byId['price-collar']!.limits;
    expect(limits.parse({})).toEqual({ requireReference: false });
    expect(limits.safeParse({ maxDeviationPercent: 2.5, perInstrument: { 'BTC-USD': 10 } }).success).toBe(
      true,
    );
    expect(limits.safeParse({ maxDeviationPercent: 0 }).success).toBe(false);
    expect(limits.safeParse({ maxDeviationPercent: Number.POSITIVE_INFINITY }).success).toBe(false);
  });

  it('margin: percentages by asset class, at most 100', () => {
    const limits = byId.margin!.limits;
    expect(limits.safeParse({ initialMarginPercent: { fx: 3.33, crypto: 50, option: 100 } }).success).toBe(
      true,
    );
    expect(limits.safeParse({ initialMarginPercent: { fx: 0 } }).success).toBe(false);
    expect(limits.safeParse({ initialMarginPercent: { fx: 101 } }).success).toBe(false);
    expect(limits.safeParse({ initialMarginPercent: { bonds: 5 } }).success).toBe(false);
  });

  it('restricted-instruments: lists, allowReducing defaulting to false', () => {
    const limits = byId['restricted-instruments']!.limits;
    expect(limits.parse({})).toEqual({ allowReducing: false });
    expect(limits.safeParse({ assetClasses: ['bonds'] }).success).toBe(false);
  });

  it('session-loss-cap: onBreach is REDUCING unless HALTED', () => {
    const limits = byId['session-loss-cap']!.limits;
    expect(limits.parse({})).toEqual({ onBreach: 'REDUCING' });
    expect(limits.parse({ maxLoss: '5000', onBreach: 'HALTED' })).toEqual({
      maxLoss: '5000',
      onBreach: 'HALTED',
    });
    expect(limits.safeParse({ onBreach: 'ACTIVE' }).success).toBe(false);
  });
});
