import { describe, expect, it } from 'vitest';
import type { IndicatorInfo } from '../api/types.js';
import { coerceParam, initialParams, paramFields } from './schema.js';

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
