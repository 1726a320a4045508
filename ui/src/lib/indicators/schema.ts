import type { IndicatorInfo, JsonSchema } from '../api/types.js';

export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'text';

/** One input of an indicator's settings form, derived from its JSON Schema property. */
export interface ParamField {
  key: string;
  label: string;
  kind: FieldKind;
  description?: string;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  step?: number;
  options?: unknown[];
  default?: unknown;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** `fastPeriod` / `fast_period` → "Fast period". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Optional and nullable fields come as `anyOf: [{…}, {type:'null'}]`: take the first real variant. */
function unwrap(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return schema;
  const real = variants.find((v) => v.type !== 'null') ?? {};
  const { anyOf: _a, oneOf: _o, ...outer } = schema;
  return { ...unwrap(real), ...outer };
}

function kindOf(schema: JsonSchema): FieldKind {
  if (Array.isArray(schema.enum)) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  return 'text';
}

/** The form fields of an indicator's params schema, in declaration order. */
export function paramFields(schema: JsonSchema): ParamField[] {
  return Object.entries(schema.properties ?? {}).map(([key, raw]) => {
    const s = unwrap(raw);
    const kind = kindOf(s);
    const field: ParamField = { key, label: s.title ?? humanize(key), kind };
    if (s.description) field.description = s.description;
    if (s.default !== undefined) field.default = s.default;
    if (kind === 'enum') field.options = s.enum ?? [];
    if (kind === 'number' || kind === 'integer') {
      if (s.minimum !== undefined) field.min = s.minimum;
      else if (s.exclusiveMinimum !== undefined) {
        field.min = s.exclusiveMinimum;
        field.exclusiveMin = true;
      }
      if (s.maximum !== undefined) field.max = s.maximum;
      else if (s.exclusiveMaximum !== undefined) {
        field.max = s.exclusiveMaximum;
        field.exclusiveMax = true;
      }
      field.step = s.multipleOf ?? (kind === 'integer' ? 1 : undefined);
    }
    return field;
  });
}

/** Checks and converts what the user typed; the message says what is wrong. */
export function coerceParam(field: ParamField, raw: string | boolean): Coerced {
  switch (field.kind) {
    case 'boolean':
      return { ok: true, value: raw === true || raw === 'true' };
    case 'enum': {
      const match = field.options?.find((o) => String(o) === String(raw));
      return match === undefined
        ? { ok: false, message: 'not one of the choices' }
        : { ok: true, value: match };
    }
    case 'text':
      return { ok: true, value: String(raw) };
    default: {
      const text = String(raw).trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { ok: false, message: 'must be a number' };
      if (field.kind === 'integer' && !Number.isInteger(n))
        return { ok: false, message: 'must be a whole number' };
      if (field.min !== undefined && (field.exclusiveMin ? n <= field.min : n < field.min))
        return { ok: false, message: `must be ${field.exclusiveMin ? '>' : '≥'} ${field.min}` };
      if (field.max !== undefined && (field.exclusiveMax ? n >= field.max : n > field.max))
        return { ok: false, message: `must be ${field.exclusiveMax ? '<' : '≤'} ${field.max}` };
      return { ok: true, value: n };
    }
  }
}

/** Defaults for a newly enabled indicator: the schema's defaults, overridden by the host's `defaults`. */
export function initialParams(info: IndicatorInfo): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of paramFields(info.params))
    if (field.default !== undefined) params[field.key] = field.default;
  return { ...params, ...info.defaults };
}
