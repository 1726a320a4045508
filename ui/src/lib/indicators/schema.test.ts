import { describe, expect, it } from 'vitest';
import type { IndicatorInfo } from '../api/types.js';
import { coerceOptional, coerceParam, initialParams, paramFields } from './schema.js';

const schema = {
  type: 'object',
  properties: {
    period: { type: 'integer', minimum: 1, maximum: 500, default: 14 },
    stdDev: { type: 'number', exclusiveMinimum: 0, default: 2 },
    source: { type: 'string', enum: ['close', 'hl2'], default: 'close' },
    filled: { type: 'boolean', default: false },
    offset: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], description: 'bars to shift' },
  },
};

describe('indicator params schema', () => {
  const fields = paramFields(schema);

  it('derives one field per property with kind and bounds', () => {
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['period', 'integer'],
      ['stdDev', 'number'],
      ['source', 'enum'],
      ['filled', 'boolean'],
      ['offset', 'integer'],
    ]);
    expect(fields[0]).toMatchObject({ label: 'Period', min: 1, max: 500, step: 1 });
    expect(fields[1]).toMatchObject({ label: 'Std dev', min: 0, exclusiveMin: true });
    expect(fields[4]).toMatchObject({ min: 0, description: 'bars to shift' });
  });

  it('checks bounds and whole numbers', () => {
    const [period, stdDev] = fields;
    expect(coerceParam(period!, '20')).toEqual({ ok: true, value: 20 });
    expect(coerceParam(period!, '0')).toMatchObject({ ok: false });
    expect(coerceParam(period!, '2.5')).toMatchObject({ ok: false });
    expect(coerceParam(stdDev!, '0')).toMatchObject({ ok: false });
    expect(coerceParam(stdDev!, '0.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('starts from schema defaults overridden by the host defaults', () => {
    const info = { params: schema, defaults: { period: 20 } } as unknown as IndicatorInfo;
    expect(initialParams(info)).toEqual({ period: 20, stdDev: 2, source: 'close', filled: false });
  });
});

describe('risk limits schema (zod → JSON Schema)', () => {
  const POSITIVE = '^(?:[1-9]\\d*(?:\\.\\d+)?|0\\.\\d*[1-9]\\d*)$';
  const limits = {
    type: 'object',
    properties: {
      maxQuantity: { type: 'string', pattern: POSITIVE, description: 'Largest quantity' },
      perInstrument: {
        type: 'object',
        propertyNames: { type: 'string', minLength: 1 },
        additionalProperties: { type: 'string', pattern: POSITIVE, description: 'Limit for this instrument' },
      },
      maxDeviationPercent: { type: 'number', exclusiveMinimum: 0, maximum: 50 },
      requireReference: { type: 'boolean', default: false },
      venues: { type: 'array', items: { type: 'string' } },
      note: { type: 'string', maxLength: 5 },
      assetClasses: { type: 'array', items: { type: 'string', enum: ['fx', 'crypto', 'equity'] } },
      margin: {
        type: 'object',
        propertyNames: { type: 'string', enum: ['fx', 'crypto'] },
        additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
      },
      nested: { type: 'object', properties: { a: { type: 'string' } } },
      maxOrders: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
    },
    required: ['requireReference'],
    additionalProperties: false,
  };
  const fields = paramFields(limits);
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('recognises decimal strings, maps and JSON values', () => {
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['maxQuantity', 'decimal'],
      ['perInstrument', 'map'],
      ['maxDeviationPercent', 'number'],
      ['requireReference', 'boolean'],
      ['venues', 'list'],
      ['note', 'text'],
      ['assetClasses', 'list'],
      ['margin', 'map'],
      ['nested', 'json'],
      ['maxOrders', 'integer'],
    ]);
    expect(byKey.assetClasses?.options).toEqual(['fx', 'crypto', 'equity']);
    expect(byKey.margin?.keyOptions).toEqual(['fx', 'crypto']);
    expect(byKey.maxOrders).toMatchObject({ min: 0, exclusiveMin: true });
    expect(byKey.maxOrders?.max).toBeUndefined();
    expect(byKey.perInstrument?.value).toMatchObject({ kind: 'decimal', required: true, pattern: POSITIVE });
    expect(byKey.requireReference?.required).toBe(true);
    expect(byKey.maxQuantity?.required).toBeUndefined();
  });

  it('keeps decimals as exact strings and checks the pattern', () => {
    const f = byKey.maxQuantity!;
    expect(coerceParam(f, ' 1000000.5 ')).toEqual({ ok: true, value: '1000000.5' });
    expect(coerceParam(f, '0')).toEqual({ ok: false, message: 'must be greater than 0' });
    expect(coerceParam(f, '1e6')).toMatchObject({ ok: false });
  });

  it('treats an empty optional field as unset', () => {
    expect(coerceOptional(byKey.maxQuantity!, '')).toEqual({ ok: true, value: undefined });
    expect(coerceOptional(byKey.maxDeviationPercent!, '  ')).toEqual({ ok: true, value: undefined });
    expect(coerceOptional(byKey.perInstrument!.value!, '')).toEqual({ ok: false, message: 'required' });
    expect(coerceOptional(byKey.maxDeviationPercent!, '60')).toMatchObject({ ok: false });
  });

  it('reads lists from text or checkboxes, checking every item', () => {
    expect(coerceParam(byKey.venues!, ' sim, lmax  sim ')).toEqual({ ok: true, value: ['sim', 'lmax'] });
    expect(coerceParam(byKey.assetClasses!, ['fx', 'crypto'])).toEqual({ ok: true, value: ['fx', 'crypto'] });
    expect(coerceParam(byKey.assetClasses!, 'fx, bonds')).toMatchObject({ ok: false, message: /bonds/ });
    expect(coerceOptional(byKey.assetClasses!, [])).toEqual({ ok: true, value: undefined });
    expect(coerceOptional(byKey.venues!, '')).toEqual({ ok: true, value: undefined });
  });

  it('parses JSON for other objects, and checks text lengths', () => {
    expect(coerceParam(byKey.nested!, '{"a":"x"}')).toEqual({ ok: true, value: { a: 'x' } });
    expect(coerceParam(byKey.nested!, '{a}')).toEqual({ ok: false, message: 'not valid JSON' });
    expect(coerceParam(byKey.perInstrument!, '[]')).toEqual({ ok: false, message: 'must be an object' });
    expect(coerceParam(byKey.note!, 'too long')).toMatchObject({ ok: false });
  });
});
